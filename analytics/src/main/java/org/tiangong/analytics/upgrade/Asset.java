package org.tiangong.analytics.upgrade;

import java.util.UUID;

/**
 * One line of a plant's equipment ledger (设备台账).
 *
 * @param machineId the machine in Tiangong when the asset is networked, else null
 */
public record Asset(
        UUID id,
        UUID plantId,
        String code,
        String name,
        String kind,
        boolean production,
        boolean numericalControl,
        boolean keyProcess,
        Integer commissionedYear,
        UUID machineId) {}
