package org.tiangong.collector.connect;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.tiangong.analytics.connect.MappingTemplate.PathElement;

/**
 * Reading a server's address space through a connected client: one level with the attributes a tree view needs
 * ({@link #children}), a bounded walk below a node ({@link #walk}, for automap and templates), and finding a node by
 * a browse path relative to a root ({@link #resolve}). Node ids are written in their namespace-URI form
 * ({@code nsu=…;s=…}; namespace 0 as {@code i=…}), which survives the server re-numbering its namespaces.
 */
public final class AddressSpace {

    /** Most children returned for one node (a tree view pages no further). */
    public static final int MAX_CHILDREN = 1000;

    /** One node as a tree view shows it. {@code dataType}, {@code access} and {@code value} only for variables. */
    public record Node(
            String nodeId,
            String nodeClass,
            String browseName,
            String namespaceUri,
            String displayName,
            String dataType,
            List<String> access,
            Object value,
            String status) {}

    /** A node found by a walk, with its browse path from the walk's root. */
    public record Walked(String nodeId, NodeClass nodeClass, List<PathElement> path, String dataType) {
        public String name() {
            return path.isEmpty() ? "" : path.get(path.size() - 1).name();
        }

        public String pathText() {
            StringBuilder sb = new StringBuilder();
            for (PathElement p : path) sb.append(sb.length() == 0 ? "" : "/").append(p.name());
            return sb.toString();
        }
    }

    private final OpcUaClient client;
    private final NamespaceTable namespaces;

    public AddressSpace(OpcUaClient client) throws UaException {
        this.client = client;
        this.namespaces = client.readNamespaceTable();
    }

    /** Parses {@code ns=…}, {@code nsu=…} or {@code i=…} text; null or blank is the Objects folder. */
    public NodeId parse(String text) {
        if (text == null || text.isBlank()) return NodeIds.ObjectsFolder;
        ExpandedNodeId e;
        try {
            e = ExpandedNodeId.parse(text.trim());
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not an OPC UA node id: " + text);
        }
        NodeId id = e.toNodeId(namespaces)
                .orElseThrow(() -> new IllegalArgumentException("the server has no namespace " + e.getNamespaceUri()));
        // an index the server's namespace table does not have (ns=99) is the caller's mistake, not a server failure
        if (namespaces.get(id.getNamespaceIndex()) == null) {
            throw new IllegalArgumentException("the server has no namespace with index " + id.getNamespaceIndex()
                    + "; it has " + namespaces.toArray().length + " (0–" + (namespaces.toArray().length - 1)
                    + "); use node ids as browse returns them (nsu=<namespace URI>;…)");
        }
        return id;
    }

    public String text(NodeId id) {
        if (id.getNamespaceIndex().intValue() == 0) return id.toParseableString();
        return id.expanded(namespaces).toParseableString();
    }

    private Optional<NodeId> local(ExpandedNodeId id) {
        return id.toNodeId(namespaces);
    }

    /** The children of a node (hierarchical references, forward), variables with type, access and current value. */
    public List<Node> children(NodeId parent) throws UaException {
        List<ReferenceDescription> refs = browse(List.of(parent)).get(0);
        if (refs.size() > MAX_CHILDREN) refs = refs.subList(0, MAX_CHILDREN);
        List<NodeId> variables = new ArrayList<>();
        List<NodeId> ids = new ArrayList<>();
        for (ReferenceDescription r : refs) {
            NodeId id = local(r.getNodeId()).orElse(null);
            ids.add(id);
            if (id != null && r.getNodeClass() == NodeClass.Variable) variables.add(id);
        }
        Map<NodeId, DataValue[]> attrs = readVariableAttributes(variables);
        Map<NodeId, String> typeNames = dataTypeNames(attrs.values().stream()
                .map(a -> a[0].getValue().getValue())
                .filter(NodeId.class::isInstance)
                .map(NodeId.class::cast)
                .toList());
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            ReferenceDescription r = refs.get(i);
            NodeId id = ids.get(i);
            QualifiedName bn = r.getBrowseName();
            String nsUri = namespaces.get(bn.getNamespaceIndex());
            String display = Optional.ofNullable(r.getDisplayName())
                    .map(LocalizedText::text)
                    .orElse(bn.getName());
            String nodeText = id == null ? r.getNodeId().toParseableString() : text(id);
            DataValue[] a = id == null ? null : attrs.get(id);
            if (a == null) {
                out.add(new Node(
                        nodeText, r.getNodeClass().name(), bn.getName(), nsUri, display, null, null, null, null));
                continue;
            }
            Object type = a[0].getValue().getValue();
            String typeName = type instanceof NodeId t ? typeNames.getOrDefault(t, t.toParseableString()) : null;
            Object access = a[1].getValue().getValue();
            List<String> accessList = access instanceof UByte u
                    ? AccessLevel.fromValue(u).stream().map(Enum::name).toList()
                    : List.of();
            DataValue value = a[2];
            out.add(new Node(
                    nodeText,
                    r.getNodeClass().name(),
                    bn.getName(),
                    nsUri,
                    display,
                    typeName,
                    accessList,
                    jsonValue(value.getValue().getValue()),
                    value.getStatusCode() == null ? "Good" : statusName(value)));
        }
        return out;
    }

    private static String statusName(DataValue v) {
        return v.getStatusCode().isGood() ? "Good" : v.getStatusCode().isUncertain() ? "Uncertain" : "Bad";
    }

    /** What JSON can carry: numbers, booleans, strings; anything else as its text. */
    static Object jsonValue(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Number n) {
            if (v instanceof Double d && !Double.isFinite(d)) return d.toString();
            if (v instanceof Float f && !Float.isFinite(f)) return f.toString();
            return n instanceof org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber u ? u.longValue() : n;
        }
        if (v instanceof LocalizedText t) return t.text();
        if (v instanceof QualifiedName q) return q.getName();
        if (v instanceof NodeId n) return n.toParseableString();
        if (v.getClass().isArray()) return "[array]";
        String s = v.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private Map<NodeId, DataValue[]> readVariableAttributes(List<NodeId> variables) throws UaException {
        Map<NodeId, DataValue[]> out = new HashMap<>();
        if (variables.isEmpty()) return out;
        List<ReadValueId> reads = new ArrayList<>();
        for (NodeId v : variables) {
            reads.add(new ReadValueId(v, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE));
            reads.add(new ReadValueId(v, AttributeId.UserAccessLevel.uid(), null, QualifiedName.NULL_VALUE));
            reads.add(new ReadValueId(v, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
        }
        DataValue[] results = client.read(0, TimestampsToReturn.Neither, reads).getResults();
        for (int i = 0; i < variables.size(); i++) {
            out.put(variables.get(i), new DataValue[] {results[3 * i], results[3 * i + 1], results[3 * i + 2]});
        }
        return out;
    }

    private Map<NodeId, String> dataTypeNames(List<NodeId> types) throws UaException {
        List<NodeId> distinct = new ArrayList<>(new HashSet<>(types));
        Map<NodeId, String> out = new HashMap<>();
        if (distinct.isEmpty()) return out;
        List<ReadValueId> reads = distinct.stream()
                .map(t -> new ReadValueId(t, AttributeId.BrowseName.uid(), null, QualifiedName.NULL_VALUE))
                .toList();
        DataValue[] results = client.read(0, TimestampsToReturn.Neither, reads).getResults();
        for (int i = 0; i < distinct.size(); i++) {
            if (results[i].getValue().getValue() instanceof QualifiedName q) out.put(distinct.get(i), q.getName());
        }
        return out;
    }

    private List<List<ReferenceDescription>> browse(List<NodeId> nodes) throws UaException {
        List<BrowseDescription> descriptions = nodes.stream()
                .map(n -> new BrowseDescription(
                        n,
                        BrowseDirection.Forward,
                        NodeIds.HierarchicalReferences,
                        true,
                        uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                        uint(BrowseResultMask.All.getValue())))
                .toList();
        List<BrowseResult> results = client.browse(descriptions);
        List<List<ReferenceDescription>> out = new ArrayList<>();
        for (BrowseResult r : results) {
            List<ReferenceDescription> refs = new ArrayList<>();
            if (r.getStatusCode().isGood() && r.getReferences() != null) refs.addAll(List.of(r.getReferences()));
            var cp = r.getContinuationPoint();
            while (cp != null && cp.isNotNull() && refs.size() < MAX_CHILDREN * 10) {
                var next = client.browseNext(false, List.of(cp)).getResults()[0];
                if (next.getReferences() != null) refs.addAll(List.of(next.getReferences()));
                cp = next.getContinuationPoint();
            }
            if (cp != null && cp.isNotNull()) client.browseNext(true, List.of(cp));
            out.add(refs);
        }
        return out;
    }

    /**
     * Every object and variable below {@code root} (hierarchical references), breadth first, at most
     * {@code maxNodes} nodes and {@code maxDepth} levels; each node once, by its shortest path.
     */
    public List<Walked> walk(NodeId root, int maxDepth, int maxNodes) throws UaException {
        List<Walked> out = new ArrayList<>();
        Set<NodeId> seen = new HashSet<>(List.of(root));
        Deque<Map.Entry<NodeId, List<PathElement>>> level = new ArrayDeque<>(List.of(Map.entry(root, List.of())));
        Map<NodeId, Integer> variableIndex = new HashMap<>();
        for (int depth = 0; depth < maxDepth && !level.isEmpty() && out.size() < maxNodes; depth++) {
            List<Map.Entry<NodeId, List<PathElement>>> parents = new ArrayList<>(level);
            level.clear();
            for (int from = 0; from < parents.size(); from += 100) {
                List<Map.Entry<NodeId, List<PathElement>>> batch =
                        parents.subList(from, Math.min(parents.size(), from + 100));
                List<List<ReferenceDescription>> children =
                        browse(batch.stream().map(Map.Entry::getKey).toList());
                for (int i = 0; i < batch.size(); i++) {
                    for (ReferenceDescription r : children.get(i)) {
                        NodeId id = local(r.getNodeId()).orElse(null);
                        if (id == null || !seen.add(id) || out.size() >= maxNodes) continue;
                        List<PathElement> path = new ArrayList<>(batch.get(i).getValue());
                        QualifiedName bn = r.getBrowseName();
                        path.add(new PathElement(namespaces.get(bn.getNamespaceIndex()), bn.getName()));
                        if (r.getNodeClass() == NodeClass.Variable) variableIndex.put(id, out.size());
                        out.add(new Walked(text(id), r.getNodeClass(), List.copyOf(path), null));
                        level.add(Map.entry(id, List.copyOf(path)));
                    }
                }
            }
        }
        // data types of the variables, in one read
        List<NodeId> variables = new ArrayList<>(variableIndex.keySet());
        if (!variables.isEmpty()) {
            List<ReadValueId> reads = variables.stream()
                    .map(v -> new ReadValueId(v, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE))
                    .toList();
            DataValue[] results =
                    client.read(0, TimestampsToReturn.Neither, reads).getResults();
            List<NodeId> types = new ArrayList<>();
            for (DataValue r : results) if (r.getValue().getValue() instanceof NodeId t) types.add(t);
            Map<NodeId, String> names = dataTypeNames(types);
            for (int i = 0; i < variables.size(); i++) {
                if (results[i].getValue().getValue() instanceof NodeId t) {
                    int idx = variableIndex.get(variables.get(i));
                    Walked w = out.get(idx);
                    out.set(
                            idx,
                            new Walked(
                                    w.nodeId(), w.nodeClass(), w.path(), names.getOrDefault(t, t.toParseableString())));
                }
            }
        }
        return out;
    }

    /**
     * The EngineeringUnits (EUInformation) of the walked variables that have one, by the variable's node id, read in
     * one request. A property that cannot be read or decoded is left out.
     */
    public Map<String, UnitConversions.Unit> engineeringUnits(List<Walked> walked) throws UaException {
        Map<String, String> ownerByPath = new HashMap<>();
        for (Walked w : walked) if (w.nodeClass() == NodeClass.Variable) ownerByPath.put(w.pathText(), w.nodeId());
        List<String> owners = new ArrayList<>();
        List<ReadValueId> reads = new ArrayList<>();
        for (Walked w : walked) {
            if (w.nodeClass() != NodeClass.Variable
                    || !w.name().equals("EngineeringUnits")
                    || w.path().size() < 2) continue;
            String ownerPath = w.pathText().substring(0, w.pathText().length() - "/EngineeringUnits".length());
            String owner = ownerByPath.get(ownerPath);
            if (owner == null) continue;
            owners.add(owner);
            reads.add(new ReadValueId(parse(w.nodeId()), AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
        }
        Map<String, UnitConversions.Unit> out = new HashMap<>();
        if (reads.isEmpty()) return out;
        DataValue[] results = client.read(0, TimestampsToReturn.Neither, reads).getResults();
        for (int i = 0; i < results.length; i++) {
            Object v = results[i].getValue().getValue();
            try {
                if (v instanceof org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject xo) {
                    v = xo.decode(client.getStaticEncodingContext());
                }
            } catch (RuntimeException undecodable) {
                continue;
            }
            if (v instanceof org.eclipse.milo.opcua.stack.core.types.structured.EUInformation eu) {
                String symbol =
                        eu.getDisplayName() == null ? null : eu.getDisplayName().text();
                out.put(owners.get(i), new UnitConversions.Unit(symbol, UnitConversions.uneceCode(eu.getUnitId())));
            }
        }
        return out;
    }

    /** The node at {@code path} below {@code root}, following hierarchical references one step at a time. */
    public Optional<NodeId> resolve(NodeId root, List<PathElement> path) throws UaException {
        NodeId current = root;
        for (PathElement step : path) {
            NodeId next = null;
            for (ReferenceDescription r : browse(List.of(current)).get(0)) {
                QualifiedName bn = r.getBrowseName();
                if (bn.getName().equals(step.name())
                        && java.util.Objects.equals(namespaces.get(bn.getNamespaceIndex()), step.namespaceUri())) {
                    next = local(r.getNodeId()).orElse(null);
                    break;
                }
            }
            if (next == null) return Optional.empty();
            current = next;
        }
        return Optional.of(current);
    }

    /** The current value of a variable, for what automap reports (e.g. identification strings). */
    public Object readValue(NodeId node) throws UaException {
        return jsonValue(
                client.readValue(0, TimestampsToReturn.Neither, node).getValue().getValue());
    }
}
