package dev.dagj.engine.api;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated query documents of one API instance, by query text, least recently used out first. Only
 * documents that validated are kept, and only short ones: SDK queries inline their arguments, so what repeats is
 * small and hot ({@code { version }}, CLI queries).
 */
final class DocumentCache implements PreparsedDocumentProvider {
    private static final int MAX_ENTRIES = 512;
    private static final int MAX_QUERY_CHARS = 4096;
    private final Map<String, PreparsedDocumentEntry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

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
        PreparsedDocumentEntry e = parseAndValidate.apply(input);
        if (!e.hasErrors() && q.length() <= MAX_QUERY_CHARS) {
            synchronized (entries) {
                entries.put(q, e);
            }
        }
        return CompletableFuture.completedFuture(e);
    }
}
