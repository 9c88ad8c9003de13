package dev.dagj.engine.api;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.AstTransformer;
import graphql.language.BooleanValue;
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
import graphql.language.NodeVisitorStub;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLSchema;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    private final String[] raw;
    private final boolean[] free;
    private final int[] lines;
    private final int[] columns;
    private final int chars;

    private ShapedDocument(Document doc, Map<StringValue, Integer> index, String[] raw, boolean[] free, int[] lines,
            int[] columns, int chars) {
        this.doc = doc;
        this.index = index;
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
        collect(doc, found);
        int n = shape.size();
        if (found.size() != n) {
            return null;
        }
        for (StringValue sv : found) {
            if (sv.getSourceLocation() == null) {
                return null;
            }
        }
        found.sort(Comparator.comparingInt((StringValue s) -> s.getSourceLocation().getLine())
                .thenComparingInt(s -> s.getSourceLocation().getColumn()));
        Map<StringValue, Boolean> freeSlots = ShapeSlots.free(schema, doc);
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
            free[i] = freeSlots.containsKey(sv);
            anyFree |= free[i];
        }
        return anyFree ? new ShapedDocument(doc, index, shape.raw.clone(), free, lines, columns, text.length()) : null;
    }

    private static void collect(Node<?> node, List<StringValue> out) {
        if (node instanceof StringValue sv) {
            out.add(sv);
        }
        for (Node<?> c : node.getChildren()) {
            collect(c, out);
        }
    }

    /** The document of a text of {@code shape}, or null when a fixed literal differs or a node cannot be moved. */
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
        boolean move = moves > 0;
        boolean[] failed = {false};
        Node<?> out = new AstTransformer().transform(doc, new NodeVisitorStub() {
            @Override
            protected TraversalControl visitNode(Node node, TraverserContext<Node> context) {
                SourceLocation loc = node.getSourceLocation();
                SourceLocation moved = move ? moved(loc, deltas) : loc;
                Integer slot = node instanceof StringValue ? index.get(node) : null;
                Node<?> replaced;
                if (slot != null && !shape.raw[slot].equals(raw[slot])) {
                    replaced = StringValue.newStringValue(shape.values[slot]).sourceLocation(moved).build();
                } else if (moved != loc) {
                    replaced = relocated(node, moved);
                    if (replaced == null) {
                        failed[0] = true;
                        return TraversalControl.QUIT;
                    }
                } else {
                    return TraversalControl.CONTINUE;
                }
                return TreeTransformerUtil.changeNode(context, replaced);
            }
        });
        return failed[0] ? null : (Document) out;
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

    /** A copy of {@code node} at {@code loc}, or null for a kind of node an executable document does not hold. */
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
            default -> null;
        };
    }
}
