package dev.dagj.engine.api;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.Node;
import graphql.language.NodeChildrenContainer;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated document kept by its {@link QueryShape}, with its string literals in source order and which of them
 * are free ({@link ShapeSlots}). {@link #substitute} makes the document of another text of the same shape: the free
 * literals get their new values, and since a literal's length may change, every node after a changed literal on the
 * same line moves by the difference (a GraphQL string holds no line break, and graphql-java counts columns in code
 * points), so error locations are those of a fresh parse.
 */
final class ShapedDocument {
    private final Document doc;
    private final Map<StringValue, Integer> index;
    /** The nodes that hold a string value (themselves or below): the only ones a same-length change rebuilds. */
    private final Set<Node<?>> holders;
    private final String[] raw;
    private final boolean[] free;
    private final int[] lines;
    private final int[] columns;
    private final int chars;

    private ShapedDocument(Document doc, Map<StringValue, Integer> index, Set<Node<?>> holders, String[] raw,
            boolean[] free, int[] lines, int[] columns, int chars) {
        this.doc = doc;
        this.index = index;
        this.holders = holders;
        this.raw = raw;
        this.free = free;
        this.lines = lines;
        this.columns = columns;
        this.chars = chars;
    }

    int chars() {
        return chars;
    }

    /**
     * The shaped form of {@code doc}, the validated document of {@code text}, or null when its string values do not
     * line up with the scan's literals (count, position, decoded value) or none of them is free.
     */
    static ShapedDocument of(GraphQLSchema schema, Document doc, QueryShape shape, String text) {
        List<StringValue> found = new ArrayList<>();
        Set<Node<?>> holders = Collections.newSetFromMap(new IdentityHashMap<>());
        int n = shape.size();
        if (!collect(doc, found, holders) || found.size() != n) {
            return null;
        }
        for (StringValue sv : found) {
            if (sv.getSourceLocation() == null) {
                return null;
            }
        }
        found.sort(Comparator.comparingInt((StringValue s) -> s.getSourceLocation().getLine())
                .thenComparingInt(s -> s.getSourceLocation().getColumn()));
        Set<StringValue> freeSlots = ShapeSlots.free(schema, doc);
        Map<StringValue, Integer> index = new IdentityHashMap<>();
        boolean[] free = new boolean[n];
        int[] lines = new int[n];
        int[] columns = new int[n];
        boolean anyFree = false;
        int line = 1;
        int lineStart = 0;
        int scanned = 0;
        for (int i = 0; i < n; i++) {
            StringValue sv = found.get(i);
            int at = shape.offsets[i];
            for (; scanned < at; scanned++) {
                if (text.charAt(scanned) == '\n') {
                    line++;
                    lineStart = scanned + 1;
                }
            }
            SourceLocation loc = sv.getSourceLocation();
            if (loc.getLine() != line || loc.getColumn() != 1 + text.codePointCount(lineStart, at)
                    || !sv.getValue().equals(shape.values[i]) || index.put(sv, i) != null) {
                return null;
            }
            lines[i] = loc.getLine();
            columns[i] = loc.getColumn();
            free[i] = freeSlots.contains(sv);
            anyFree |= free[i];
        }
        return anyFree
                ? new ShapedDocument(doc, index, holders, shape.raw.clone(), free, lines, columns, text.length())
                : null;
    }

    /** Collects the string values under {@code node}; false if it holds a node {@link #relocated} does not know. */
    private static boolean collect(Node<?> node, List<StringValue> out, Set<Node<?>> holders) {
        if (node instanceof StringValue sv) {
            out.add(sv);
            holders.add(sv);
        }
        if (!KINDS.contains(node.getClass())) {
            return false;
        }
        for (Node<?> c : node.getChildren()) {
            if (!collect(c, out, holders)) {
                return false;
            }
            if (holders.contains(c)) {
                holders.add(node);
            }
        }
        return true;
    }

    private static final Set<Class<?>> KINDS = Set.of(Document.class, OperationDefinition.class,
            FragmentDefinition.class, VariableDefinition.class, TypeName.class, ListType.class, NonNullType.class,
            Directive.class, Argument.class, SelectionSet.class, Field.class, FragmentSpread.class,
            InlineFragment.class, StringValue.class, IntValue.class, FloatValue.class, BooleanValue.class,
            NullValue.class, EnumValue.class, ArrayValue.class, ObjectValue.class, ObjectField.class,
            VariableReference.class);

    /** The document of a text of {@code shape}, or null when a fixed literal differs. */
    Document substitute(QueryShape shape) {
        int n = raw.length;
        if (shape.size() != n) {
            return null;
        }
        boolean changed = false;
        int moves = 0;
        int[] deltas = new int[n];
        for (int i = 0; i < n; i++) {
            if (!shape.raw[i].equals(raw[i])) {
                if (!free[i]) {
                    return null;
                }
                changed = true;
                deltas[i] = shape.raw[i].codePointCount(0, shape.raw[i].length()) - raw[i].codePointCount(0,
                        raw[i].length());
                if (deltas[i] != 0) {
                    moves++;
                }
            }
        }
        if (!changed) {
            return doc;
        }
        return (Document) rebuilt(doc, shape, deltas, moves > 0);
    }

    /**
     * {@code node} with the changed literals under it replaced and, if {@code move}, its nodes moved; unchanged
     * subtrees are shared. (graphql-java's AstTransformer does the same at about 30 times the cost.)
     */
    private Node<?> rebuilt(Node<?> node, QueryShape shape, int[] deltas, boolean move) {
        if (!move && !holders.contains(node)) {
            return node;
        }
        SourceLocation loc = node.getSourceLocation();
        SourceLocation moved = move ? moved(loc, deltas) : loc;
        if (node instanceof StringValue sv) {
            Integer slot = index.get(sv);
            if (slot != null && !shape.raw[slot].equals(raw[slot])) {
                return StringValue.newStringValue(shape.values[slot]).sourceLocation(moved).build();
            }
            return moved == loc ? node : sv.transform(b -> b.sourceLocation(moved));
        }
        boolean same = moved == loc;
        return switch (node) {
            // The kinds every SDK query has, rebuilt directly; the rest through graphql-java's generic children.
            case Field f -> {
                List<Argument> args = list(f.getArguments(), shape, deltas, move);
                List<Directive> dirs = list(f.getDirectives(), shape, deltas, move);
                SelectionSet set = f.getSelectionSet() == null ? null
                        : (SelectionSet) rebuilt(f.getSelectionSet(), shape, deltas, move);
                yield same && args == f.getArguments() && dirs == f.getDirectives() && set == f.getSelectionSet() ? f
                        : f.transform(b -> b.arguments(args).directives(dirs).selectionSet(set).sourceLocation(moved));
            }
            case SelectionSet set -> {
                List<Selection> sels = list(set.getSelections(), shape, deltas, move);
                yield same && sels == set.getSelections() ? set
                        : set.transform(b -> b.selections(sels).sourceLocation(moved));
            }
            case Argument a -> {
                Value<?> v = (Value<?>) rebuilt(a.getValue(), shape, deltas, move);
                yield same && v == a.getValue() ? a : a.transform(b -> b.value(v).sourceLocation(moved));
            }
            case OperationDefinition op -> {
                List<VariableDefinition> vars = list(op.getVariableDefinitions(), shape, deltas, move);
                List<Directive> dirs = list(op.getDirectives(), shape, deltas, move);
                SelectionSet set = (SelectionSet) rebuilt(op.getSelectionSet(), shape, deltas, move);
                yield same && vars == op.getVariableDefinitions() && dirs == op.getDirectives()
                        && set == op.getSelectionSet() ? op
                        : op.transform(b -> b.variableDefinitions(vars).directives(dirs).selectionSet(set)
                                .sourceLocation(moved));
            }
            case Document d -> {
                List<Definition> defs = list(d.getDefinitions(), shape, deltas, move);
                yield same && defs == d.getDefinitions() ? d
                        : d.transform(b -> b.definitions(defs).sourceLocation(moved));
            }
            default -> {
                Node<?> out = generic(node, shape, deltas, move);
                yield same ? out : relocated(out, moved);
            }
        };
    }

    /** {@code nodes} rebuilt, or the same list if no element changed. */
    @SuppressWarnings("unchecked")
    private <T extends Node> List<T> list(List<T> nodes, QueryShape shape, int[] deltas, boolean move) {
        List<T> out = nodes;
        for (int i = 0; i < nodes.size(); i++) {
            T k = nodes.get(i);
            T r = (T) rebuilt(k, shape, deltas, move);
            if (r != k) {
                if (out == nodes) {
                    out = new ArrayList<>(nodes);
                }
                out.set(i, r);
            }
        }
        return out;
    }

    private Node<?> generic(Node<?> node, QueryShape shape, int[] deltas, boolean move) {
        Map<String, List<Node>> children = node.getNamedChildren().getChildren();
        Map<String, List<Node>> replaced = null;
        for (Map.Entry<String, List<Node>> e : children.entrySet()) {
            List<Node> kids = e.getValue();
            List<Node> changed = list(kids, shape, deltas, move);
            if (changed != kids) {
                if (replaced == null) {
                    replaced = new LinkedHashMap<>(children);
                }
                replaced.put(e.getKey(), changed);
            }
        }
        return replaced == null ? node
                : node.withNewChildren(NodeChildrenContainer.newNodeChildrenContainer(replaced).build());
    }

    /** {@code loc} moved by the changed lengths of the literals before it on its line, or {@code loc} itself. */
    private SourceLocation moved(SourceLocation loc, int[] deltas) {
        if (loc == null) {
            return null;
        }
        int shift = 0;
        for (int i = 0; i < deltas.length; i++) {
            if (deltas[i] != 0 && lines[i] == loc.getLine() && columns[i] < loc.getColumn()) {
                shift += deltas[i];
            }
        }
        return shift == 0 ? loc : new SourceLocation(loc.getLine(), loc.getColumn() + shift, loc.getSourceName());
    }

    /** A copy of {@code node} at {@code loc}. */
    private static Node<?> relocated(Node<?> node, SourceLocation loc) {
        return switch (node) {
            case Document d -> d.transform(b -> b.sourceLocation(loc));
            case OperationDefinition d -> d.transform(b -> b.sourceLocation(loc));
            case FragmentDefinition d -> d.transform(b -> b.sourceLocation(loc));
            case VariableDefinition d -> d.transform(b -> b.sourceLocation(loc));
            case TypeName d -> d.transform(b -> b.sourceLocation(loc));
            case ListType d -> d.transform(b -> b.sourceLocation(loc));
            case NonNullType d -> d.transform(b -> b.sourceLocation(loc));
            case Directive d -> d.transform(b -> b.sourceLocation(loc));
            case Argument d -> d.transform(b -> b.sourceLocation(loc));
            case SelectionSet d -> d.transform(b -> b.sourceLocation(loc));
            case Field d -> d.transform(b -> b.sourceLocation(loc));
            case FragmentSpread d -> d.transform(b -> b.sourceLocation(loc));
            case InlineFragment d -> d.transform(b -> b.sourceLocation(loc));
            case StringValue d -> d.transform(b -> b.sourceLocation(loc));
            case IntValue d -> d.transform(b -> b.sourceLocation(loc));
            case FloatValue d -> d.transform(b -> b.sourceLocation(loc));
            case BooleanValue d -> d.transform(b -> b.sourceLocation(loc));
            case NullValue d -> d.transform(b -> b.sourceLocation(loc));
            case EnumValue d -> d.transform(b -> b.sourceLocation(loc));
            case ArrayValue d -> d.transform(b -> b.sourceLocation(loc));
            case ObjectValue d -> d.transform(b -> b.sourceLocation(loc));
            case ObjectField d -> d.transform(b -> b.sourceLocation(loc));
            case VariableReference d -> d.transform(b -> b.sourceLocation(loc));
            default -> throw new IllegalStateException("no " + node.getClass().getSimpleName()
                    + " in a validated executable document");
        };
    }
}
