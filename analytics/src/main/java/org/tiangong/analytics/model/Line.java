package org.tiangong.analytics.model;

import java.util.UUID;

public record Line(UUID id, UUID plantId, String code, String name) {}
