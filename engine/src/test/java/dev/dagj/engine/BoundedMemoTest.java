package dev.dagj.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {
    @Test
    void derivesEachKeyOnceUntilTheBoundEmptiesIt() {
        BoundedMemo<Integer, String> memo = new BoundedMemo<>(3);
        AtomicInteger loads = new AtomicInteger();
        BoundedMemo.Loader<Integer, String, RuntimeException> load = k -> {
            loads.incrementAndGet();
            return "v" + k;
        };
        for (int i = 0; i < 3; i++) {
            assertThat(memo.get(1, load)).isEqualTo("v1");
        }
        assertThat(loads).hasValue(1);
        memo.get(2, load);
        memo.get(3, load); // holds 3 now
        memo.get(4, load); // emptied, then holds 4
        memo.get(1, load);
        assertThat(loads).hasValue(5);
        memo.put(9, "given");
        assertThat(memo.get(9, load)).isEqualTo("given");
    }

    @Test
    void aFailedLoadIsNotRemembered() {
        BoundedMemo<String, String> memo = new BoundedMemo<>(8);
        assertThatThrownBy(() -> memo.get("k", k -> {
            throw new IOException("no " + k);
        })).isInstanceOf(IOException.class).hasMessage("no k");
        assertThat(memo.get("k", k -> "later")).isEqualTo("later");
    }
}
