package dev.dagj.engine.api;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Parsed and validated query documents of one API instance, least recently used out first, found two ways:
 * <ul>
 * <li>by query text, for short texts ({@code { version }}, CLI queries);</li>
 * <li>by shape ({@link QueryShape}: the text with its string literals emptied), since SDK queries inline their
 * arguments and so rarely repeat a text. A text of a known shape whose literals differ only in free slots
 * ({@link ShapeSlots}: strings whose content cannot change whether the document validates) gets the cached document
 * with its string values replaced ({@link ShapedDocument}), neither parsed nor validated again. A literal that differs
 * in a fixed slot is a miss.</li>
 * </ul>
 * Only documents that validated are kept.
 */
final class DocumentCache implements PreparsedDocumentProvider {
    private static final int MAX_ENTRIES = 512;
    private static final int MAX_QUERY_CHARS = 4096;
    private static final int MAX_SHAPES = 256;
    /** The shapes' query texts (which their documents hold) together stay under this many characters. */
    private static final long MAX_SHAPE_CHARS = 4L << 20;
    private final Map<String, PreparsedDocumentEntry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    /** The schema documents validate against, or null for no shape cache. */
    private final GraphQLSchema schema;
    private final LinkedHashMap<String, ShapedDocument> shapes = new LinkedHashMap<>(64, 0.75f, true);
    private long shapeChars;
    private final AtomicLong shapeHits = new AtomicLong();

    DocumentCache(GraphQLSchema schema) {
        this.schema = schema;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String q = input.getQuery();
        synchronized (entries) {
            PreparsedDocumentEntry hit = entries.get(q);
            if (hit != null) {
                return CompletableFuture.completedFuture(hit);
            }
        }
        QueryShape shape = schema == null ? null : QueryShape.of(q);
        if (shape != null && shape.size() > 0) {
            ShapedDocument cached;
            synchronized (shapes) {
                cached = shapes.get(shape.key);
            }
            Document d = cached == null ? null : substitute(cached, shape);
            if (d != null) {
                shapeHits.incrementAndGet();
                return CompletableFuture.completedFuture(new PreparsedDocumentEntry(d));
            }
        }
        PreparsedDocumentEntry e = parseAndValidate.apply(input);
        if (!e.hasErrors()) {
            if (q.length() <= MAX_QUERY_CHARS) {
                synchronized (entries) {
                    entries.put(q, e);
                }
            }
            if (shape != null && shape.size() > 0) {
                ShapedDocument s;
                try {
                    s = ShapedDocument.of(schema, e.getDocument(), shape, q);
                } catch (RuntimeException ex) {
                    s = null; // a document the walk cannot read is simply not kept by shape
                }
                if (s != null) {
                    remember(shape.key, s, q.length());
                }
            }
        }
        return CompletableFuture.completedFuture(e);
    }

    /** The shaped document for {@code shape}, or null (a miss) if it cannot be made, whatever the reason. */
    private static Document substitute(ShapedDocument cached, QueryShape shape) {
        try {
            return cached.substitute(shape);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** How many requests were served by shape (for tests and benchmarks). */
    long shapeHits() {
        return shapeHits.get();
    }

    private void remember(String key, ShapedDocument s, int chars) {
        synchronized (shapes) {
            ShapedDocument old = shapes.put(key, s);
            shapeChars += chars - (old == null ? 0 : old.chars());
            Iterator<ShapedDocument> it = shapes.values().iterator();
            while ((shapes.size() > MAX_SHAPES || shapeChars > MAX_SHAPE_CHARS) && it.hasNext()) {
                shapeChars -= it.next().chars();
                it.remove();
            }
        }
    }
}
