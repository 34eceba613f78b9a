package org.tiangong.analytics.accounts;

import java.util.UUID;

public record VendorOrg(UUID id, String name) {}
