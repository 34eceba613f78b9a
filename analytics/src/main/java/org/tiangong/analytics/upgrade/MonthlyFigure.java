package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * What an enterprise reports for a month: output value (工业总产值, 万元), employees (从业人员, persons) and
 * energy consumption (综合能耗, tonnes of standard coal equivalent, tce).
 */
public record MonthlyFigure(YearMonth month, BigDecimal outputValueWan, int employees, BigDecimal energyTce) {}
