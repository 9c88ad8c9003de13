package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.ModuleApiObject;
import dev.dagj.engine.api.ModuleValue.ArgValueVal;
import dev.dagj.engine.api.ModuleValue.EnumTypeDefVal;
import dev.dagj.engine.api.ModuleValue.EnumValueVal;
import dev.dagj.engine.api.ModuleValue.ErrorVal;
import dev.dagj.engine.api.ModuleValue.ErrorValueVal;
import dev.dagj.engine.api.ModuleValue.FieldVal;
import dev.dagj.engine.api.ModuleValue.FunctionArgVal;
import dev.dagj.engine.api.ModuleValue.FunctionVal;
import dev.dagj.engine.api.ModuleValue.ListTypeDefVal;
import dev.dagj.engine.api.ModuleValue.ModuleSourceVal;
import dev.dagj.engine.api.ModuleValue.ModuleVal;
import dev.dagj.engine.api.ModuleValue.ObjectTypeDefVal;
import dev.dagj.engine.api.ModuleValue.ScalarTypeDefVal;
import dev.dagj.engine.api.ModuleValue.SdkConfigVal;
import dev.dagj.engine.api.ModuleValue.SourceMapVal;
import dev.dagj.engine.api.ModuleValue.TypeDefVal;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.module.TypeDefs;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.resolver.ref.RefKind;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The data fetchers of the module API's types (module.graphqls): leaves read the values; object fields extend the
 * ID through {@link ChainFetchers}; list fields give each element an ID with its index; fields that compute a
 * directory pin its tree in the ID; {@code Module.serve} extends the session's schema; {@code returnValue} and
 * {@code returnError} write the runtime's {@code /.daggermod} files.
 */
final class ModuleResolvers {
    private final ModuleSteps steps;
    private final ChainFetchers chains;
    private final CallTranslator translator;
    private final GraphqlApi api;

    ModuleResolvers(ModuleSteps steps, ChainFetchers chains, CallTranslator translator, GraphqlApi api) {
        this.steps = steps;
        this.chains = chains;
        this.translator = translator;
        this.api = api;
    }

    private static ModuleValue value(DataFetchingEnvironment env) {
        return ((ModuleApiObject) env.getSource()).value();
    }

    private static <V extends ModuleValue> DataFetcher<Object> leaf(Class<V> type, Function<V, Object> f) {
        return env -> f.apply(type.cast(value(env)));
    }

    private static String id(DataFetchingEnvironment env) {
        return IdCodec.encode(((ApiObject) env.getSource()).id());
    }

    /** A list field: one element per item, each with its index in its ID. */
    private DataFetcher<Object> list(Function<ModuleValue, Integer> size) {
        return env -> {
            int n = size.apply(value(env));
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<CallId.Arg> args = List.of(new CallId.Arg(ModuleSteps.NTH, new Literal.Int(i)));
                out.add(chains.chain(env, args));
            }
            return out;
        };
    }

    /** An object field that may be null: chained only when {@code present} says the value is there. */
    private DataFetcher<Object> optional(Function<ModuleValue, Boolean> present) {
        return env -> present.apply(value(env)) ? chains.chain(env, CallArgs.of(env)) : null;
    }

    /** A field returning a directory computed now, pinned in its ID by tree digest. */
    private Object pinned(DataFetchingEnvironment env, Digest tree) throws ApiException {
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(ModuleSteps.PINNED, new Literal.Str(tree.toString())));
        return chains.chain(env, args);
    }

    void wire(RuntimeWiring.Builder b) {
        DataFetcher<ApiObject> chain = chains.plain();
        for (String s : List.of("TypeDefID", "FunctionID", "FunctionArgID", "FieldTypeDefID", "ObjectTypeDefID",
                "InterfaceTypeDefID", "ListTypeDefID", "ScalarTypeDefID", "EnumTypeDefID", "EnumValueTypeDefID",
                "ModuleID", "ModuleSourceID", "ErrorID", "ErrorValueID", "SourceMapID", "FunctionCallID",
                "FunctionCallArgValueID", "CurrentModuleID", "SDKConfigID")) {
            b.scalar(IdScalars.of(s));
        }
        b.scalar(JsonScalars.json()).scalar(JsonScalars.voidScalar());
        b.type("Query", t -> t
                .dataFetcher("typeDef", chain).dataFetcher("function", chain).dataFetcher("module", chain)
                .dataFetcher("sourceMap", chain).dataFetcher("error", chain).dataFetcher("currentModule", chain)
                .dataFetcher("currentFunctionCall", chain).dataFetcher("moduleSource", chain));
        for (String type : List.of("TypeDef", "Function", "FunctionArg", "FieldTypeDef", "ObjectTypeDef",
                "InterfaceTypeDef", "ListTypeDef", "ScalarTypeDef", "EnumTypeDef", "EnumValueTypeDef", "Module",
                "ModuleSource", "Error", "ErrorValue", "SourceMap", "FunctionCall", "FunctionCallArgValue",
                "CurrentModule", "SDKConfig")) {
            b.type(type, t -> t.defaultDataFetcher(chain).dataFetcher("id", ModuleResolvers::id));
        }
        b.type("Query", t -> {
            for (String type : List.of("TypeDef", "Function", "FunctionArg", "FieldTypeDef", "ObjectTypeDef",
                    "EnumTypeDef", "Module", "ModuleSource", "Error", "SourceMap", "FunctionCall",
                    "FunctionCallArgValue", "CurrentModule")) {
                t.dataFetcher("load" + type + "FromID", env -> new QueryResolvers(translator).load(env, type));
            }
            return t;
        });
        b.type("TypeDef", t -> t
                .dataFetcher("kind", leaf(TypeDefVal.class, v -> v.def().kind().apiName()))
                .dataFetcher("optional", leaf(TypeDefVal.class, v -> v.def().optional()))
                .dataFetcher("asObject", optional(v -> ((TypeDefVal) v).def().kind() == Kind.OBJECT))
                .dataFetcher("asInterface", optional(v -> ((TypeDefVal) v).def().kind() == Kind.INTERFACE))
                .dataFetcher("asList", optional(v -> ((TypeDefVal) v).def().kind() == Kind.LIST))
                .dataFetcher("asScalar", optional(v -> ((TypeDefVal) v).def().kind() == Kind.SCALAR))
                .dataFetcher("asEnum", optional(v -> ((TypeDefVal) v).def().kind() == Kind.ENUM)));
        DataFetcher<Object> objName = env -> switch (value(env)) {
            case ObjectTypeDefVal o -> o.def().name();
            case ScalarTypeDefVal s -> s.name();
            case EnumTypeDefVal e -> e.def().name();
            case EnumValueVal e -> e.member().name();
            // As Dagger: fields, functions and arguments are named in lowerCamel in the API; the names the SDK
            // registered stay in the definitions, for dispatch.
            case FieldVal f -> ModuleNames.lowerCamel(f.def().name());
            case FunctionVal f -> ModuleNames.lowerCamel(f.def().name());
            case FunctionArgVal a -> ModuleNames.lowerCamel(a.def().name());
            case ErrorValueVal e -> e.name();
            case ArgValueVal a -> a.name();
            default -> null;
        };
        DataFetcher<Object> description = env -> switch (value(env)) {
            case ObjectTypeDefVal o -> o.def().description();
            case ScalarTypeDefVal s -> s.description();
            case EnumTypeDefVal e -> e.def().description();
            case EnumValueVal e -> e.member().description();
            case FieldVal f -> f.def().description();
            case FunctionVal f -> f.def().description();
            case FunctionArgVal a -> a.def().description();
            default -> "";
        };
        for (String type : List.of("ObjectTypeDef", "InterfaceTypeDef")) {
            b.type(type, t -> t.dataFetcher("name", objName).dataFetcher("description", description)
                    .dataFetcher("fields", list(v -> ((ObjectTypeDefVal) v).def().fields().size()))
                    .dataFetcher("functions", list(v -> ((ObjectTypeDefVal) v).def().functions().size()))
                    .dataFetcher("constructor", optional(v -> ((ObjectTypeDefVal) v).def().constructor() != null))
                    .dataFetcher("sourceMap", optional(v -> ((ObjectTypeDefVal) v).def().sourceMap() != null))
                    .dataFetcher("sourceModuleName", leaf(ObjectTypeDefVal.class, ObjectTypeDefVal::module))
                    .dataFetcher("deprecated", leaf(ObjectTypeDefVal.class, v -> v.def().deprecated())));
        }
        b.type("ScalarTypeDef", t -> t.dataFetcher("name", objName).dataFetcher("description", description));
        b.type("EnumTypeDef", t -> t.dataFetcher("name", objName).dataFetcher("description", description)
                .dataFetcher("members", list(v -> ((EnumTypeDefVal) v).def().members().size()))
                .dataFetcher("values", list(v -> ((EnumTypeDefVal) v).def().members().size()))
                .dataFetcher("sourceModuleName", leaf(EnumTypeDefVal.class, EnumTypeDefVal::module)));
        b.type("EnumValueTypeDef", t -> t.dataFetcher("name", objName).dataFetcher("description", description)
                .dataFetcher("value", leaf(EnumValueVal.class, v -> v.member().value() == null
                        || v.member().value().isEmpty() ? v.member().name() : v.member().value()))
                .dataFetcher("deprecated", leaf(EnumValueVal.class, v -> v.member().deprecated())));
        b.type("FieldTypeDef", t -> t.dataFetcher("name", objName).dataFetcher("description", description)
                .dataFetcher("deprecated", leaf(FieldVal.class, v -> v.def().deprecated())));
        b.type("Function", t -> t.dataFetcher("name", objName).dataFetcher("description", description)
                .dataFetcher("args", list(v -> ((FunctionVal) v).def().args().size()))
                .dataFetcher("sourceMap", optional(v -> ((FunctionVal) v).def().sourceMap() != null))
                .dataFetcher("deprecated", leaf(FunctionVal.class, v -> v.def().deprecated())));
        b.type("FunctionArg", t -> t.dataFetcher("name", objName).dataFetcher("description", description)
                .dataFetcher("defaultValue", leaf(FunctionArgVal.class, v -> v.def().defaultValue()))
                .dataFetcher("defaultPath", leaf(FunctionArgVal.class, v -> v.def().defaultPath()))
                .dataFetcher("defaultAddress", leaf(FunctionArgVal.class, v -> v.def().defaultAddress()))
                .dataFetcher("ignore", leaf(FunctionArgVal.class, v -> v.def().ignore()))
                .dataFetcher("deprecated", leaf(FunctionArgVal.class, v -> v.def().deprecated())));
        b.type("ListTypeDef", t -> t);
        b.type("SourceMap", t -> t
                .dataFetcher("filename", leaf(SourceMapVal.class, v -> v.map().filename()))
                .dataFetcher("line", leaf(SourceMapVal.class, v -> (int) v.map().line()))
                .dataFetcher("column", leaf(SourceMapVal.class, v -> (int) v.map().column()))
                .dataFetcher("module", leaf(SourceMapVal.class, SourceMapVal::module))
                .dataFetcher("url", leaf(SourceMapVal.class, SourceMapVal::url)));
        b.type("Error", t -> t.dataFetcher("message", leaf(ErrorVal.class, ErrorVal::message))
                .dataFetcher("values", list(v -> ((ErrorVal) v).values().size())));
        b.type("ErrorValue", t -> t.dataFetcher("name", objName)
                .dataFetcher("value", leaf(ErrorValueVal.class, ErrorValueVal::json)));
        b.type("FunctionCallArgValue", t -> t.dataFetcher("name", objName)
                .dataFetcher("value", leaf(ArgValueVal.class, ArgValueVal::json)));
        b.type("SDKConfig", t -> t.dataFetcher("source", leaf(SdkConfigVal.class, SdkConfigVal::source)));
        b.type("CurrentModule", t -> t
                .dataFetcher("name", env -> call().moduleName())
                .dataFetcher("dependencies", list(v -> steps.dependencies().size()))
                .dataFetcher("source", env -> pinned(env, call().sourceDir())));
        b.type("FunctionCall", t -> t
                .dataFetcher("name", env -> call().name())
                .dataFetcher("parentName", env -> call().parentName())
                .dataFetcher("parent", env -> call().parentJson())
                .dataFetcher("inputArgs", list(v -> steps.call() == null ? 0 : steps.call().args().size()))
                .dataFetcher("returnValue", this::returnValue)
                .dataFetcher("returnError", this::returnError));
        b.type("Module", t -> t
                .dataFetcher("name", this::moduleName)
                .dataFetcher("description", env -> steps.loadedDef(translator, (ModuleVal) value(env)).description())
                .dataFetcher("objects", env -> moduleList(env, d -> d.objects().size()))
                .dataFetcher("interfaces", env -> moduleList(env, d -> d.interfaces().size()))
                .dataFetcher("enums", env -> moduleList(env, d -> d.enums().size()))
                .dataFetcher("sdk", optional(v -> ((ModuleVal) v).source() != null))
                .dataFetcher("source", optional(v -> ((ModuleVal) v).source() != null))
                .dataFetcher("serve", this::serve)
                .dataFetcher("generatedContextDirectory", env -> pinned(env, steps.loader()
                        .generatedContextDirectory(source(env)))));
        b.type("ModuleSource", t -> t
                .dataFetcher("kind", env -> state(env).kind() == RefKind.GIT ? "GIT_SOURCE" : "LOCAL_SOURCE")
                .dataFetcher("moduleName", env -> state(env).moduleName())
                .dataFetcher("moduleOriginalName", env -> state(env).moduleName())
                .dataFetcher("sourceRootSubpath", env -> state(env).sourceRootSubpath())
                .dataFetcher("sourceSubpath", env -> state(env).sourceSubpath())
                .dataFetcher("originalSubpath", env -> state(env).source() instanceof
                        dev.dagj.resolver.LocalModuleSource l ? l.originalSubpath() : state(env).sourceRootSubpath())
                .dataFetcher("localContextDirectoryPath", env -> state(env).contextDir().toString())
                .dataFetcher("configExists", env -> state(env).source().configExists())
                .dataFetcher("engineVersion", env -> state(env).config() == null ? ""
                        : state(env).config().engineVersion())
                .dataFetcher("sdk", optional(v -> !((ModuleSourceVal) v).state().sdkSource().isEmpty()))
                .dataFetcher("digest", this::digest)
                .dataFetcher("asString", env -> state(env).source().asString())
                .dataFetcher("pin", env -> state(env).source().pin())
                .dataFetcher("contextDirectory", env -> pinned(env, steps.loader().sourceTree(state(env),
                        List.of())))
                .dataFetcher("generatedContextDirectory", env -> pinned(env, steps.loader()
                        .generatedContextDirectory(state(env)))));
    }

    private FunctionCallContext call() throws ApiException {
        if (steps.call() == null) {
            throw new ApiException("there is no function call in this session");
        }
        return steps.call();
    }

    private static ModuleSourceState state(DataFetchingEnvironment env) {
        return ((ModuleSourceVal) value(env)).state();
    }

    private static ModuleSourceState source(DataFetchingEnvironment env) throws ApiException {
        ModuleVal m = (ModuleVal) value(env);
        if (m.source() == null) {
            throw new ApiException("this module was not loaded from a source");
        }
        return m.source();
    }

    private String moduleName(DataFetchingEnvironment env) {
        ModuleVal m = (ModuleVal) value(env);
        return m.source() == null ? "" : m.source().moduleName();
    }

    private Object moduleList(DataFetchingEnvironment env, Function<TypeDefs.ModuleDef, Integer> size)
            throws ApiException {
        TypeDefs.ModuleDef def = steps.loadedDef(translator, (ModuleVal) value(env));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < size.apply(def); i++) {
            out.add(chains.chain(env, List.of(new CallId.Arg(ModuleSteps.NTH, new Literal.Int(i)))));
        }
        return out;
    }

    /** {@code ModuleSource.digest}: the module's files, its config and its SDK. */
    private String digest(DataFetchingEnvironment env) throws EngineException {
        ModuleSourceState s = state(env);
        Digest files = steps.loader().sourceTree(s, List.of());
        byte[] config = s.config() == null ? new byte[0]
                : new dev.dagj.resolver.config.ModuleConfigWriter().toJson(s.config()).getBytes(StandardCharsets.UTF_8);
        return new CanonicalEncoder("dagj-module-source/v1").digest(files).digest(Digest.of(config))
                .string(s.sourceRootSubpath()).string(s.sdkSource()).digest().toString();
    }

    /** {@code Module.serve}: loads the module and adds its main object to this session's {@code Query}. */
    private Object serve(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ServedModule m = steps.loader().load(source(env), translator);
        api.serve(m);
        return null;
    }

    private Object returnValue(DataFetchingEnvironment env) throws ApiException {
        write(FunctionCallContext.OUTPUT_FILE, env.getArgument("value"));
        return null;
    }

    private Object returnError(DataFetchingEnvironment env) throws ApiException {
        String id = env.getArgument("error");
        CallId decoded = IdCodec.decode(id);
        if (!decoded.type().equals("Error")) {
            throw new ApiException("returnError: the ID is a " + decoded.type() + " ID, not an Error ID");
        }
        write(FunctionCallContext.ERROR_FILE, id);
        return null;
    }

    private void write(String file, String content) throws ApiException {
        Path p = call().daggermod().resolve(file);
        try {
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ApiException("cannot record the function's result in " + p + ": " + e.getMessage(), e);
        }
    }
}
