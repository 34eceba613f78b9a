package org.tiangong.analytics.upgrade;

/** The KPIs of one period: from telemetry and from reported monthly figures. */
public record PeriodKpis(Period period, TelemetryKpis telemetry, ReportedKpis reported) {}
