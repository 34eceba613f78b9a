package org.tiangong.analytics.oee;

import java.time.Instant;

/**
 * What an Andon board shows for a machine: its state now and since when, and its OEE so far in the current shift.
 *
 * @param state      lower-case state name, or no_data when the newest state value is not Good or too old
 * @param since      when the machine entered that state (null when unknown)
 * @param shift      the current shift ({@code null} outside every shift, e.g. on a holiday)
 */
public record MachineStatus(String state, Instant since, Instant lastSampleAt, OeeBucket shift) {}
