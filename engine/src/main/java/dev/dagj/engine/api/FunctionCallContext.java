package dev.dagj.engine.api;

import dev.dagj.engine.digest.Digest;
import java.nio.file.Path;
import java.util.List;

/**
 * The function call a nested session serves: what {@code currentModule} and {@code currentFunctionCall} answer, and
 * where {@code returnValue} / {@code returnError} write ({@code <daggermod>/output.json}, {@code <daggermod>/error},
 * the host side of the runtime's {@code /.daggermod}).
 *
 * @param moduleName     the module's name
 * @param sourceDir      the module's SDK source directory as a stored tree ({@code currentModule.source})
 * @param cacheNamespace the namespace of cache volumes the module creates: {@code mod(<name><symbolic>)}
 * @param parentName     the object's original name; "" when registering types
 * @param name           the function's original name; "" for a constructor
 * @param parentJson     JSON of the parent object's fields
 * @param args           the set or defaulted arguments
 */
public record FunctionCallContext(String moduleName, Digest sourceDir, String cacheNamespace, String parentName,
        String name, String parentJson, List<ModuleValue.ArgValueVal> args, Path daggermod) {
    public FunctionCallContext {
        args = List.copyOf(args);
    }

    static final String OUTPUT_FILE = "output.json";
    static final String ERROR_FILE = "error";
}
