package org.tiangong.analytics.model;

import java.util.UUID;

public record Plant(UUID id, UUID enterpriseId, String code, String name, String timeZone) {}
