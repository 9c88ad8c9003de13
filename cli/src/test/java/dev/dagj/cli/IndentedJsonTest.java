package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndentedJsonTest {
    @Test
    void nestsWithFourSpacesAndSortsKeysLikeGo() {
        Map<String, Object> dir = new LinkedHashMap<>();
        dir.put("entries", List.of("b.txt", "a.txt"));
        dir.put("empty", List.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("z", Map.of());
        data.put("directory", dir);
        assertThat(IndentedJson.render(data)).isEqualTo("""
                {
                    "directory": {
                        "empty": [],
                        "entries": [
                            "b.txt",
                            "a.txt"
                        ]
                    },
                    "z": {}
                }""");
    }

    @Test
    void scalarsFollowGoEncoding() {
        assertThat(IndentedJson.render(Arrays.asList(1, 2.0, 2.5, 1e21, 1e-7, true, null, 12345678901L))).isEqualTo("""
                [
                    1,
                    2,
                    2.5,
                    1e+21,
                    1e-07,
                    true,
                    null,
                    12345678901
                ]""");
    }

    @Test
    void escapesControlAndHtmlCharacters() {
        assertThat(IndentedJson.render("a\"b\\c\n\t<&>\u0001\u2028é"))
                .isEqualTo("\"a\\\"b\\\\c\\n\\t\\u003c\\u0026\\u003e\\u0001\\u2028é\"");
    }
}
