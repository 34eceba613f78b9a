package org.tiangong.collector.opcua;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Milo tells an {@link EndpointSubscriber} about its server, and where each piece goes: values and keep-alives to
 * {@link SampleFlow}; the session going inactive, notifications Milo could not get back and a watchdog timeout to
 * gap markers; a lost or broken subscription to {@link SubscriptionRecovery}. Keeps whether the session is active
 * and counts reconnects, lost notifications and watchdog timeouts for {@link EndpointSubscriber.Stats}. Knows which
 * values are stale (still delivered by the lost contact, {@link #stale}): those are stored but end no gap.
 *
 * <p>Every method runs on one of Milo's threads and returns quickly: {@code onDataReceived} waits only when the
 * queue is full (back-pressure), and what has to block (re-creating, re-syncing items) goes to the subscriber's own
 * thread.
 */
final class ContactEvents implements OpcUaSubscription.SubscriptionListener, SessionActivityListener {

    // one log category for everything an endpoint does, as before the subscriber was split
    private static final Logger log = LoggerFactory.getLogger(EndpointSubscriber.class);

    private final String endpoint;
    private final SampleFlow flow;
    private final MonitoredItems items;
    private final SubscriptionRecovery recovery;
    private final BooleanSupplier closed;
    private final Runnable sessionBack;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong dataLost = new AtomicLong();
    private final AtomicLong watchdogTimeouts = new AtomicLong();
    private volatile boolean connected;
    /** The subscription of the session that went inactive, until a session is active again (transferred or not). */
    private volatile OpcUaSubscription ofInactiveSession;
    /** The newest subscription the server lost (transfer failed, a Bad status): nothing it still delivers is live. */
    private volatile OpcUaSubscription lost;

    /** @param sessionBack runs (on Milo's thread; it must only hand work on) when a session is active again */
    ContactEvents(
            String endpoint,
            SampleFlow flow,
            MonitoredItems items,
            SubscriptionRecovery recovery,
            BooleanSupplier closed,
            Runnable sessionBack) {
        this.endpoint = endpoint;
        this.flow = flow;
        this.items = items;
        this.recovery = recovery;
        this.closed = closed;
        this.sessionBack = sessionBack;
    }

    boolean connected() {
        return connected;
    }

    /** Set by the subscriber itself: after its first connect, and at close. */
    void connected(boolean now) {
        connected = now;
    }

    long reconnects() {
        return reconnects.get();
    }

    long dataLost() {
        return dataLost.get();
    }

    long watchdogTimeouts() {
        return watchdogTimeouts.get();
    }

    /** A gap for every signal, unless closing (close marks its own). */
    void markGap(String reason) {
        if (!closed.getAsBoolean()) flow.markGap(reason);
    }

    // ---- the session: one log line per disconnect and per reconnect; Milo does the reconnecting ----------------

    @Override
    public void onSessionActive(UaSession session) {
        if (closed.getAsBoolean()) return;
        connected = true;
        ofInactiveSession = null;
        reconnects.incrementAndGet();
        sessionBack.run();
        log.info("endpoint {}: reconnected (session {})", endpoint, session.getSessionName());
    }

    @Override
    public void onSessionInactive(UaSession session) {
        connected = false;
        // before the gap is marked: what Milo still delivers from this session is stale from now on
        ofInactiveSession = items.current();
        if (closed.getAsBoolean()) return;
        log.warn("endpoint {}: disconnected; Milo is reconnecting", endpoint);
        markGap("session inactive");
    }

    // ---- the subscription: Milo's delivery thread, one notification batch at a time ---------------------------

    @Override
    public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> monitored, List<DataValue> values) {
        try {
            flow.values(monitored, values, () -> stale(s));
        } catch (InterruptedException e) {
            // only at shutdown; the server still holds what was not acknowledged
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether a value of {@code s} comes from the lost contact: delivered after its session went inactive (and before
     * one is active again), or from a subscription the server lost. Such a value is stored but ends no gap; a value of
     * a newly created subscription is live even before Milo reports the new session active.
     */
    boolean stale(OpcUaSubscription s) {
        return s == lost || s == ofInactiveSession;
    }

    @Override
    public void onKeepAliveReceived(OpcUaSubscription s) {
        if (!stale(s)) flow.heard(); // as for values: the lost contact does not count as hearing from the server
    }

    @Override
    public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
        lost = s;
        recovery.transferFailed(s, status);
    }

    @Override
    public void onStatusChanged(OpcUaSubscription s, StatusCode status) {
        if (status.isBad()) lost = s; // SubscriptionRecovery creates a new one for every Bad status
        recovery.statusChanged(s, status);
    }

    @Override
    public void onNotificationDataLost(OpcUaSubscription s) {
        dataLost.incrementAndGet();
        log.warn("endpoint {}: notifications were lost between server and collector (Republish failed)", endpoint);
        if (s == items.current()) markGap("notifications lost");
    }

    @Override
    public void onWatchdogTimerElapsed(OpcUaSubscription s) {
        watchdogTimeouts.incrementAndGet();
        if (s == items.current()) markGap("no PublishResponse within the watchdog time");
        recovery.watchdogElapsed(s);
    }
}
