package dev.dagj.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values remembered by key, for values that never change under their key (content-addressed records, immutable
 * configs, read-only layers), so a hot path reads or derives each once. Thread-safe. Bounded crudely: when it holds
 * its bound it is emptied before the next value goes in (a bound, not an eviction policy; the users keep few live
 * keys, and a value forgotten is only derived again).
 */
public final class BoundedMemo<K, V> {
    /** Derives the value of a key that is not remembered. */
    @FunctionalInterface
    public interface Loader<K, V, E extends Exception> {
        V load(K key) throws E;
    }

    private final int bound;
    private final Map<K, V> values = new ConcurrentHashMap<>();

    public BoundedMemo(int bound) {
        this.bound = bound;
    }

    /** The value remembered for {@code key}, else {@code load}'s, which is then remembered. */
    public <E extends Exception> V get(K key, Loader<? super K, ? extends V, E> load) throws E {
        V v = values.get(key);
        if (v == null) {
            v = load.load(key);
            put(key, v);
        }
        return v;
    }

    public void put(K key, V value) {
        if (values.size() >= bound) {
            values.clear();
        }
        values.put(key, value);
    }
}
