package org.tiangong.collector.mqtt;

import java.util.Optional;

/**
 * The Sparkplug B topic namespace, one edge node per plant: {@code spBv1.0/<enterprise code>/<type>/<plant code>}.
 * The Sparkplug group id is the enterprise, the edge node id the plant, so a broker ACL such as
 * {@code spBv1.0/E1/+/P1} (publish only) confines the plant's credentials to its own enterprise and plant. Lines,
 * machines and signals are in the metric names ({@code <line>/<machine>/<signal>}, Sparkplug's folder notation), never in
 * the topic, so the ACL needs no change when machines are added.
 *
 * @param type {@code NDATA} (samples) or {@code NBIRTH} (the plant's signals, with machine kind and OPC UA node)
 */
public record PlantTopic(String enterprise, String type, String plant) {

    public static final String NAMESPACE = "spBv1.0";
    public static final String NDATA = "NDATA";
    public static final String NBIRTH = "NBIRTH";

    public PlantTopic {
        for (String part : new String[] {enterprise, type, plant}) {
            if (part == null || part.isEmpty() || part.contains("/") || part.contains("+") || part.contains("#"))
                throw new IllegalArgumentException("a Sparkplug topic part must be non-empty without / + #: " + part);
        }
    }

    public String topic() {
        return NAMESPACE + "/" + enterprise + "/" + type + "/" + plant;
    }

    /** The topic filter of one message type over every enterprise and plant, e.g. {@code spBv1.0/+/NDATA/+}. */
    public static String filter(String type) {
        return NAMESPACE + "/+/" + type + "/+";
    }

    /** The topic's parts, when it is one of ours ({@code spBv1.0/a/b/c}, exactly four levels). */
    public static Optional<PlantTopic> parse(String topic) {
        String[] p = topic.split("/", -1);
        if (p.length != 4 || !p[0].equals(NAMESPACE)) return Optional.empty();
        try {
            return Optional.of(new PlantTopic(p[1], p[2], p[3]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
