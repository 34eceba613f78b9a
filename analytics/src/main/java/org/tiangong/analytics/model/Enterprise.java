package org.tiangong.analytics.model;

import java.util.UUID;

public record Enterprise(UUID id, String code, String name) {}
