package org.tiangong.analytics.upgrade;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The county's upgrade programme: its span and, per year, the cumulative target share of above-scale enterprises. */
public record Programme(String name, LocalDate start, LocalDate end, List<Target> targets) {

    public record Target(int year, BigDecimal share) {}
}
