-- Operators classify stops that no alarm names (idle, off, setup, a fault without a code): one reason per stop,
-- the stop identified by its machine and the moment it began. Who and when are kept here; the audit log has the history.
CREATE TABLE stop_classification (
    machine_id    uuid        NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    stop_start    timestamptz NOT NULL,
    reason_code   integer     NOT NULL REFERENCES downtime_reason (code),
    classified_by uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    classified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (machine_id, stop_start)
);

-- Reasons an operator gives when no alarm code names the stop (codes 9xxx are outside every controller's alarms here).
INSERT INTO downtime_reason (code, name, planned) VALUES
    (9001, '等待物料 waiting for material', false),
    (9002, '缺操作工 no operator', false),
    (9003, '等待质检 waiting for inspection', false),
    (9004, '计划保养 planned maintenance', true),
    (9005, '换班交接 shift handover', false),
    (9006, '等待维修 waiting for repair', false)
ON CONFLICT (code) DO NOTHING;
