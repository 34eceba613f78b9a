package org.tiangong.analytics.connect;

import java.util.UUID;

/** What a collector needs for one mapped node: the machine and telemetry signal it feeds, and the mapping itself. */
public record CollectedNode(UUID machineId, int signalId, MappingEntry mapping) {}
