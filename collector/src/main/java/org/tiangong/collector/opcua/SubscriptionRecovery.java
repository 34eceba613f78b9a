package org.tiangong.collector.opcua;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiangong.collector.retry.Backoff;

/**
 * Recovery of one endpoint's subscription ({@link EndpointSubscriber}): decides from Milo's subscription callbacks
 * whether the server still has the subscription, and when it does not, creates it again with all its items.
 * <ul>
 *   <li>Transfer to a new session failed ({@code onTransferFailed}: the server restarted), the server timed the
 *       subscription out during a long stall ({@code onStatusChanged(Bad_Timeout)}), or a probe after
 *       {@code onWatchdogTimerElapsed} is answered with Bad_SubscriptionIdInvalid: a new subscription is created.</li>
 *   <li>Another Bad subscription status does the same, deleting the old subscription first so that none is left
 *       behind on the server.</li>
 *   <li>A watchdog timeout alone does not re-create: it is most often our own back-pressure, and a new subscription
 *       would throw away the values the server still holds for the old one.</li>
 * </ul>
 * Re-creating runs on the subscriber's own thread (never on Milo's callback thread), one at a time, with backoff
 * (0.5 s doubling to 10 s) until Milo has a session again; every loss first marks a gap.
 */
final class SubscriptionRecovery {

    // one log category for everything an endpoint does, as before the subscriber was split
    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    private final String endpoint;
    private final MonitoredItems items;
    private final Backoff.Attempt resubscribe;
    private final BooleanSupplier closed;
    private final Consumer<String> markGap;
    private final Consumer<Runnable> onWorker;
    private final Backoff backoff;
    private final AtomicBoolean recreating = new AtomicBoolean();
    private final AtomicLong recreations = new AtomicLong();

    /**
     * @param resubscribe creates the subscription with all its items on the current client (blocking until Milo has
     *                    an active session again)
     * @param markGap     marks a gap for every signal, with the reason for the log
     * @param onWorker    runs a task on the subscriber's own thread
     */
    SubscriptionRecovery(
            String endpoint,
            MonitoredItems items,
            Backoff.Attempt resubscribe,
            BooleanSupplier closed,
            Consumer<String> markGap,
            Consumer<Runnable> onWorker) {
        this.endpoint = endpoint;
        this.items = items;
        this.resubscribe = resubscribe;
        this.closed = closed;
        this.markGap = markGap;
        this.onWorker = onWorker;
        this.backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), closed);
    }

    /** Subscriptions created again because the server had lost ours. */
    long recreations() {
        return recreations.get();
    }

    void transferFailed(OpcUaSubscription s, StatusCode status) {
        recreateLater(s, "the server lost it, transfer to the new session failed: " + status);
    }

    void statusChanged(OpcUaSubscription s, StatusCode status) {
        if (status.value() == StatusCodes.Bad_Timeout) {
            // Milo has already reset it: the server deleted it when its lifetime ran out without PublishRequests
            recreateLater(s, "the server timed it out: no PublishRequests for its lifetime");
        } else if (status.isBad()) {
            recreateLater(s, "the server reported " + status);
        }
    }

    /**
     * No PublishResponse within the watchdog time: usually our own back-pressure (the listener waited on a full
     * queue) or a network stall that Milo's session keep-alive will notice. Asks the server whether the subscription
     * still exists; only if it does not is a new one needed. Asked off the caller's thread: it is Milo's delivery thread.
     */
    void watchdogElapsed(OpcUaSubscription s) {
        onWorker.accept(() -> probe(s));
    }

    private void probe(OpcUaSubscription s) {
        if (s != items.current() || closed.getAsBoolean()) return;
        try {
            s.setPublishingMode(true);
            log.info(
                    "endpoint {}: no PublishResponse within the watchdog time; the subscription still exists",
                    endpoint);
        } catch (UaException e) {
            if (e.getStatusCode().value() == StatusCodes.Bad_SubscriptionIdInvalid) {
                s.reset();
                recreateLater(s, "the server no longer knows it (watchdog probe)");
            } else {
                log.info(
                        "endpoint {}: no PublishResponse within the watchdog time; probe failed ({})",
                        endpoint,
                        e.getStatusCode());
            }
        }
    }

    /** Marks a gap and creates the subscription again on the subscriber's thread, unless {@code lost} is old news. */
    void recreateLater(OpcUaSubscription lost, String reason) {
        if (lost != items.current() || closed.getAsBoolean()) return;
        markGap.accept("subscription lost");
        if (!recreating.compareAndSet(false, true)) return;
        log.info("endpoint {}: subscription lost ({}); creating it again", endpoint, reason);
        onWorker.accept(() -> {
            try {
                recreateUntilDone();
            } finally {
                recreating.set(false);
            }
        });
    }

    private void recreateUntilDone() {
        OpcUaSubscription old = items.current();
        if (old != null && old.getSyncState() != OpcUaSubscription.SyncState.INITIAL) {
            // the server may still have it (a Bad status other than Bad_Timeout): do not leave a duplicate behind
            MonitoredItems.deleteQuietly(old);
        }
        if (closed.getAsBoolean()) return;
        try {
            backoff.retry(resubscribe, new Backoff.Listener() {
                @Override
                public void failed(int attempt, Exception e, Duration wait) {
                    log.debug(
                            "endpoint {}: re-creating the subscription failed: {}",
                            endpoint,
                            EndpointSubscriber.rootMessage(e));
                }

                @Override
                public void succeeded(int attempt, Duration failingFor) {
                    recreations.incrementAndGet();
                    log.info(
                            "endpoint {}: subscription re-created after {} attempt(s); {} nodes monitored",
                            endpoint,
                            attempt,
                            items.monitored());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }
}
