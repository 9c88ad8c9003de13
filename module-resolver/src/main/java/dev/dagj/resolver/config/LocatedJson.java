package dev.dagj.resolver.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value with the line and column where it starts, so type errors can say where they are. {@code value} is a
 * String, Boolean, Double (Go decodes every number to float64), null, {@code List<LocatedJson>} or
 * {@code Map<String, LocatedJson>} (keys in file order; a repeated key keeps its last value, as in Go).
 */
record LocatedJson(Object value, int line, int column) {

    static LocatedJson parse(JsonFactory factory, byte[] bytes) throws IOException {
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of JSON input");
            }
            LocatedJson root = read(parser);
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser,
                        "invalid character after top-level value");
            }
            return root;
        }
    }

    private static LocatedJson read(JsonParser p) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, LocatedJson> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    fields.remove(key);
                    fields.put(key, read(p));
                }
                yield new LocatedJson(Collections.unmodifiableMap(fields), line, column);
            }
            case START_ARRAY -> {
                List<LocatedJson> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                yield new LocatedJson(Collections.unmodifiableList(items), line, column);
            }
            case VALUE_STRING -> new LocatedJson(p.getText(), line, column);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new LocatedJson(p.getDoubleValue(), line, column);
            case VALUE_TRUE -> new LocatedJson(Boolean.TRUE, line, column);
            case VALUE_FALSE -> new LocatedJson(Boolean.FALSE, line, column);
            case VALUE_NULL -> new LocatedJson(null, line, column);
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        };
    }

    boolean isNull() {
        return value == null;
    }

    /** The JSON type name used in messages: string, number, boolean, null, array or object. */
    String typeName() {
        return switch (value) {
            case null -> "null";
            case String s -> "string";
            case Double d -> "number";
            case Boolean b -> "boolean";
            case List<?> l -> "array";
            default -> "object";
        };
    }

    /** The plain Java value (without locations), as stored in {@link SdkConfig#config()}. */
    Object plain() {
        return switch (value) {
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                for (Object o : list) {
                    out.add(((LocatedJson) o).plain());
                }
                yield Collections.unmodifiableList(out);
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put((String) k, ((LocatedJson) v).plain()));
                yield Collections.unmodifiableMap(out);
            }
            case null, default -> value;
        };
    }
}
