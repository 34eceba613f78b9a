-- Fault codes mapped to downtime reason names (editable per enterprise later; these are the platform defaults,
-- covering the alarm codes of common controllers and of the simulator).
CREATE TABLE downtime_reason (
    code    integer PRIMARY KEY,
    name    text NOT NULL,
    planned boolean NOT NULL DEFAULT false
);

INSERT INTO downtime_reason (code, name) VALUES
    (1001, '主轴过载 spindle overload'),
    (1002, '刀具破损 tool breakage'),
    (1003, '冷却液不足 coolant low'),
    (1004, '伺服报警 servo alarm'),
    (2001, '模具故障 die fault'),
    (2002, '送料卡料 feeder jam'),
    (2003, '安全光幕触发 light curtain tripped'),
    (3001, '送丝故障 wire feed fault'),
    (3002, '保护气不足 shielding gas low'),
    (3003, '焊枪碰撞 torch collision'),
    (3004, '电弧不稳 unstable arc'),
    (4001, '热电偶故障 thermocouple fault'),
    (4002, '加热元件故障 heating element fault'),
    (4003, '炉门故障 door fault');
