package dev.dagj.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored form of an exec's result (its bytes are content-addressed, so they must not drift) and its reading. */
class ExecResultRecordTest {
    @TempDir
    Path state;

    @Test
    void storesCompactJsonInAFixedOrderAndReadsItBack() throws Exception {
        ContentStore store = ContentStore.open(state);
        Digest a = Digest.of("a".getBytes(StandardCharsets.UTF_8));
        Digest b = Digest.of("b".getBytes(StandardCharsets.UTF_8));
        Map<String, Digest> mounts = new LinkedHashMap<>();
        mounts.put("/src \"quoted\"", a);
        mounts.put("/out", b);
        ExecResultRecord r = new ExecResultRecord(a, b, a, 3, mounts);
        Digest d = r.put(store);
        String json = new String(store.readBytes(d), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"format\":\"dagj-exec/v1\",\"rootfs\":\"" + a + "\",\"stdout\":\"" + b
                + "\",\"stderr\":\"" + a + "\",\"exitCode\":3,\"mounts\":{\"/src \\\"quoted\\\"\":\"" + a
                + "\",\"/out\":\"" + b + "\"}}");
        assertThat(ExecResultRecord.load(store, d)).isEqualTo(r);
        // a second store reads it from its own blobs, not from what the first one remembers
        ContentStore other = ContentStore.open(state.resolve("other"));
        assertThat(ExecResultRecord.load(ContentStore.open(state), d)).isEqualTo(r);
        assertThatThrownBy(() -> ExecResultRecord.load(other, d)).isInstanceOf(ContainerException.class)
                .hasMessageContaining(d.toString());
    }
}
