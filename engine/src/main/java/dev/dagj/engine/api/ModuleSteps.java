package dev.dagj.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.DirectoryObject;
import dev.dagj.engine.api.ApiObject.ModuleApiObject;
import dev.dagj.engine.api.ModuleValue.ArgValueVal;
import dev.dagj.engine.api.ModuleValue.CurrentModuleVal;
import dev.dagj.engine.api.ModuleValue.EnumTypeDefVal;
import dev.dagj.engine.api.ModuleValue.EnumValueVal;
import dev.dagj.engine.api.ModuleValue.ErrorVal;
import dev.dagj.engine.api.ModuleValue.ErrorValueVal;
import dev.dagj.engine.api.ModuleValue.FieldVal;
import dev.dagj.engine.api.ModuleValue.FunctionArgVal;
import dev.dagj.engine.api.ModuleValue.FunctionCallVal;
import dev.dagj.engine.api.ModuleValue.FunctionVal;
import dev.dagj.engine.api.ModuleValue.InterfaceVal;
import dev.dagj.engine.api.ModuleValue.ListTypeDefVal;
import dev.dagj.engine.api.ModuleValue.ModuleSourceVal;
import dev.dagj.engine.api.ModuleValue.ModuleVal;
import dev.dagj.engine.api.ModuleValue.ObjectTypeDefVal;
import dev.dagj.engine.api.ModuleValue.ScalarTypeDefVal;
import dev.dagj.engine.api.ModuleValue.SdkConfigVal;
import dev.dagj.engine.api.ModuleValue.SourceMapVal;
import dev.dagj.engine.api.ModuleValue.TypeDefVal;
import dev.dagj.engine.api.ModuleValue.UserObjectVal;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.module.TypeDefs;
import dev.dagj.engine.module.TypeDefs.ArgDef;
import dev.dagj.engine.module.TypeDefs.EnumDef;
import dev.dagj.engine.module.TypeDefs.EnumMember;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.engine.module.TypeDefs.ObjectDef;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import dev.dagj.engine.op.LocalUploadOp;
import dev.dagj.engine.op.ScratchOp;
import dev.dagj.engine.op.Vertex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The module API's steps for {@link CallTranslator}: {@code Query} fields of the module API and every field of its
 * object types, plus the main-object field and functions of served modules. Builder steps are pure. Steps that load
 * module sources read the host, and steps on a served module's objects run functions (cached); list elements carry
 * their index in the hidden argument {@value #NTH}, computed directories their tree in {@value #PINNED}.
 */
final class ModuleSteps {
    static final String NTH = "_nth";
    static final String PINNED = "_digest";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModuleLoader loader;
    private final FunctionCallContext call;
    private final Map<String, ServedModule> served = new ConcurrentHashMap<>();
    /** Inside a function call: the module itself, whose interfaces (only) its nested session serves. */
    private volatile ServedModule self;
    /** Inside a function call: the modules whose objects its interface-typed arguments hold. */
    private volatile List<ServedModule> implementations = List.of();

    ModuleSteps(ModuleLoader loader) {
        this(loader, null);
    }

    ModuleSteps(ModuleLoader loader, FunctionCallContext call) {
        this.loader = loader;
        this.call = call;
    }

    ModuleLoader loader() {
        return loader;
    }

    FunctionCallContext call() {
        return call;
    }

    /**
     * Serves {@code m}: {@code Query.<field>} returns its main object. A module with no SDK has no main object: its
     * API is its dependencies', each served under its install name.
     */
    void serve(ServedModule m) {
        if (!m.hasSdk()) {
            m.dependencies().forEach(this::serve);
            return;
        }
        served.put(m.queryField(), m);
    }

    List<ServedModule> served() {
        return List.copyOf(served.values());
    }

    /**
     * Inside a function call of {@code self}: serves its interface types (so its runtime can call the interface
     * values it receives) and knows {@code implementations}, the modules of the objects behind them.
     */
    void serveInterfaces(ServedModule self, List<ServedModule> implementations) {
        this.self = self;
        this.implementations = List.copyOf(implementations);
    }

    /** The module whose interfaces (only) this session serves; null outside a function call. */
    ServedModule interfaceOwner() {
        return self;
    }

    /** The interface type this session serves as {@code name}, or null. */
    TypeDef servedInterface(String name) {
        List<ServedModule> all = new ArrayList<>(served.values());
        if (self != null) {
            all.add(self);
        }
        for (ServedModule m : all) {
            for (TypeDef t : m.def().interfaces()) {
                if (t.object() != null && t.object().name().equals(name)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** {@code Query._interfaceValue}: a portable interface value (see {@link ModuleInterfaces}). */
    private ApiObject interfaceValue(CallId c) throws ApiException {
        List<ServedModule> known = new ArrayList<>(served.values());
        known.addAll(implementations);
        if (self != null) {
            known.add(self);
        }
        ServedModule m = ModuleInterfaces.find(known, c.string("module"), c.string("install"));
        if (m == null) {
            throw new ApiException("cannot load a " + c.type() + " value: the module " + ModuleLoader.quote(
                    c.string("install")) + " that implements it is not loaded in this session");
        }
        JsonNode fields;
        try {
            fields = JSON.readTree(c.string("fields"));
        } catch (IOException e) {
            throw new ApiException("malformed ID: " + c.type() + " value with bad object fields", e);
        }
        return obj(c, new InterfaceVal(c.type(), new UserObjectVal(m, c.string("object"), fields)));
    }

    /** Inside a function call: the module's dependencies (what its nested session serves), by install name. */
    List<ServedModule> dependencies() {
        return served.values().stream().sorted(java.util.Comparator.comparing(ServedModule::installName)).toList();
    }

    private static ApiObject obj(CallId c, ModuleValue v) {
        return new ModuleApiObject(c, v);
    }

    private static ApiException unknown(String type, CallId c) {
        return new ApiException("malformed ID: " + type + " has no object field \"" + c.field() + "\"");
    }

    /** A {@code Query} field, or null when the module API has no such field. */
    ApiObject query(CallTranslator t, CallId c) throws ApiException {
        return switch (c.field()) {
            case "typeDef" -> obj(c, new TypeDefVal(TypeDef.EMPTY));
            case "function" -> obj(c, new FunctionVal(FunctionDef.of(c.string("name"),
                    typeDef(t, c, "returnType"))));
            case "module" -> obj(c, new ModuleVal(TypeDefs.ModuleDef.EMPTY, null));
            case "sourceMap" -> obj(c, new SourceMapVal(new TypeDefs.SourceMap(c.string("filename"),
                    c.intOr("line", 0), c.intOr("column", 0)), orEmpty(c.optString("module")),
                    orEmpty(c.optString("url"))));
            case "error" -> obj(c, new ErrorVal(c.string("message"), List.of()));
            case "currentModule" -> {
                requireCall("currentModule");
                yield obj(c, new CurrentModuleVal());
            }
            case "currentFunctionCall" -> {
                requireCall("currentFunctionCall");
                yield obj(c, new FunctionCallVal());
            }
            case ModuleInterfaces.VALUE_FIELD -> interfaceValue(c);
            case "moduleSource" -> obj(c, new ModuleSourceVal(guard(() -> loader.resolve(c.string("refString"),
                    c.optString("refPin"), c.boolOr("disableFindUp", false), c.boolOr("allowNotExists", false),
                    c.optString("requireKind")))));
            default -> {
                ServedModule m = served.get(c.field());
                if (m == null) {
                    yield null;
                }
                yield guard(() -> new ModuleCalls(loader, t).construct(m, c));
            }
        };
    }

    private void requireCall(String field) throws ApiException {
        if (call == null) {
            throw new ApiException(field + " is only available inside a module function call");
        }
    }

    /** A field of one of the module API's object types. */
    ApiObject apply(CallTranslator t, ModuleApiObject recv, CallId c) throws ApiException {
        // What a warm `dagger call` or `functions` reaches (the replay of the module's kept type definitions, a user
        // object's function or field, a module source) is tested before the pattern switch: that switch is
        // bootstrapped at run time (SwitchBootstraps) the first time it runs, a cost those runs need not pay.
        Object v = recv.value();
        if (v instanceof TypeDefVal d) {
            return typeDef(t, d.def(), c);
        }
        if (v instanceof FunctionVal f) {
            return function(t, f.def(), c);
        }
        if (v instanceof ModuleVal m) {
            return module(t, m, c);
        }
        if (v instanceof UserObjectVal u && !(c.field().equals(ModuleInterfaces.asField(c.type()))
                && servedInterface(c.type()) != null)) {
            return guard(() -> new ModuleCalls(loader, t).apply(u, recv.id(), c));
        }
        if (v instanceof ModuleSourceVal s) {
            return moduleSource(s.state(), c);
        }
        return switch (recv.value()) {
            case TypeDefVal d -> typeDef(t, d.def(), c);
            case ObjectTypeDefVal o -> switch (c.field()) {
                case "fields" -> obj(c, new FieldVal(nth(o.def().fields(), c)));
                case "functions" -> obj(c, new FunctionVal(nth(o.def().functions(), c)));
                case "constructor" -> obj(c, new FunctionVal(nonNull(o.def().constructor(), c)));
                case "sourceMap" -> obj(c, new SourceMapVal(nonNull(o.def().sourceMap(), c), "", ""));
                default -> throw unknown(o.typeName(), c);
            };
            case ListTypeDefVal l -> switch (c.field()) {
                case "elementTypeDef" -> obj(c, new TypeDefVal(l.elem()));
                default -> throw unknown("ListTypeDef", c);
            };
            case EnumTypeDefVal e -> switch (c.field()) {
                case "members", "values" -> obj(c, new EnumValueVal(nth(e.def().members(), c)));
                default -> throw unknown("EnumTypeDef", c);
            };
            case FieldVal f -> switch (c.field()) {
                case "typeDef" -> obj(c, new TypeDefVal(f.def().type()));
                default -> throw unknown("FieldTypeDef", c);
            };
            case FunctionVal f -> function(t, f.def(), c);
            case FunctionArgVal a -> switch (c.field()) {
                case "typeDef" -> obj(c, new TypeDefVal(a.def().type()));
                default -> throw unknown("FunctionArg", c);
            };
            case ModuleVal m -> module(t, m, c);
            case ErrorVal e -> switch (c.field()) {
                case "withValue" -> {
                    List<ErrorValueVal> vs = new ArrayList<>(e.values());
                    vs.add(new ErrorValueVal(c.string("name"), c.string("value")));
                    yield obj(c, new ErrorVal(e.message(), vs));
                }
                case "values" -> obj(c, nth(e.values(), c));
                default -> throw unknown("Error", c);
            };
            case CurrentModuleVal cm -> switch (c.field()) {
                case "source" -> pinnedDirectory(c);
                case "workdir" -> new DirectoryObject(c, Vertex.of(new ScratchOp()), "");
                case "dependencies" -> {
                    ServedModule dep = nth(dependencies(), c);
                    yield obj(c, new ModuleVal(dep.def(), dep.source(), true));
                }
                default -> throw unknown("CurrentModule", c);
            };
            case FunctionCallVal fc -> switch (c.field()) {
                case "inputArgs" -> {
                    requireCall("currentFunctionCall");
                    yield obj(c, nth(call.args(), c));
                }
                default -> throw unknown("FunctionCall", c);
            };
            case ModuleSourceVal s -> moduleSource(s.state(), c);
            case UserObjectVal u when c.field().equals(ModuleInterfaces.asField(c.type()))
                    && servedInterface(c.type()) != null ->
                ModuleCalls.asInterface(u, servedInterface(c.type()), c);
            case UserObjectVal u -> guard(() -> new ModuleCalls(loader, t).apply(u, recv.id(), c));
            case InterfaceVal iv -> guard(() -> new ModuleCalls(loader, t).apply(iv, c));
            case SourceMapVal s -> throw unknown("SourceMap", c);
            case ScalarTypeDefVal s -> throw unknown("ScalarTypeDef", c);
            case EnumValueVal s -> throw unknown("EnumValueTypeDef", c);
            case ErrorValueVal s -> throw unknown("ErrorValue", c);
            case ArgValueVal s -> throw unknown("FunctionCallArgValue", c);
            case SdkConfigVal s -> throw unknown("SDKConfig", c);
        };
    }

    private ApiObject typeDef(CallTranslator t, TypeDef d, CallId c) throws ApiException {
        return switch (c.field()) {
            case "withKind" -> obj(c, new TypeDefVal(d.withKind(kind(c.string("kind")))));
            case "withOptional" -> obj(c, new TypeDefVal(d.withOptional(c.boolOr("optional", false))));
            case "withListOf" -> obj(c, new TypeDefVal(d.withListOf(typeDef(t, c, "elementType"))));
            case "withObject" -> obj(c, new TypeDefVal(d.withObject(ObjectDef.named(c.string("name"),
                    orEmpty(c.optString("description")), c.optString("deprecated"), sourceMap(t, c)), Kind.OBJECT)));
            case "withInterface" -> obj(c, new TypeDefVal(d.withObject(ObjectDef.named(c.string("name"),
                    orEmpty(c.optString("description")), null, sourceMap(t, c)), Kind.INTERFACE)));
            case "withScalar" -> obj(c, new TypeDefVal(d.withNamed(Kind.SCALAR, c.string("name"),
                    orEmpty(c.optString("description")))));
            case "withEnum" -> obj(c, new TypeDefVal(d.withEnum(new EnumDef(c.string("name"),
                    orEmpty(c.optString("description")), List.of(), sourceMap(t, c)))));
            case "withEnumMember", "withEnumValue" -> {
                if (d.enumDef() == null) {
                    throw new ApiException(c.field() + ": the type definition is not an enum");
                }
                String name = c.field().equals("withEnumValue") ? c.string("value") : c.string("name");
                String value = c.field().equals("withEnumValue") ? c.string("value") : orEmpty(c.optString("value"));
                yield obj(c, new TypeDefVal(d.withEnum(d.enumDef().withMember(new EnumMember(name, value,
                        orEmpty(c.optString("description")), c.optString("deprecated"))))));
            }
            case "withFunction" -> {
                ObjectDef o = requireObject(d, c);
                yield obj(c, new TypeDefVal(d.withObject(o.withFunction(function(t, c, "function")), d.kind())));
            }
            case "withField" -> {
                ObjectDef o = requireObject(d, c);
                yield obj(c, new TypeDefVal(d.withObject(o.withField(new FieldDef(c.string("name"),
                        typeDef(t, c, "typeDef"), orEmpty(c.optString("description")), c.optString("deprecated"),
                        sourceMap(t, c))), d.kind())));
            }
            case "withConstructor" -> {
                ObjectDef o = requireObject(d, c);
                yield obj(c, new TypeDefVal(d.withObject(o.withConstructor(function(t, c, "function")), d.kind())));
            }
            case "asObject", "asInterface" -> obj(c, new ObjectTypeDefVal(requireObject(d, c),
                    d.kind() == Kind.INTERFACE, ""));
            case "asList" -> obj(c, new ListTypeDefVal(nonNull(d.elem(), c)));
            case "asScalar" -> obj(c, new ScalarTypeDefVal(d.name(), d.description()));
            case "asEnum" -> obj(c, new EnumTypeDefVal(nonNull(d.enumDef(), c), ""));
            default -> throw unknown("TypeDef", c);
        };
    }

    private static ObjectDef requireObject(TypeDef d, CallId c) throws ApiException {
        if (d.object() == null) {
            throw new ApiException(c.field() + ": the type definition is not an object or interface (it is "
                    + d.kind().apiName() + ")");
        }
        return d.object();
    }

    private ApiObject function(CallTranslator t, FunctionDef f, CallId c) throws ApiException {
        return switch (c.field()) {
            case "withDescription" -> obj(c, new FunctionVal(f.withDescription(c.string("description"))));
            case "withArg" -> obj(c, new FunctionVal(f.withArg(new ArgDef(c.string("name"), typeDef(t, c, "typeDef"),
                    orEmpty(c.optString("description")), c.optString("defaultValue"),
                    orEmpty(c.optString("defaultPath")), orEmpty(c.optString("defaultAddress")), c.strings("ignore"),
                    c.optString("deprecated"), sourceMap(t, c)))));
            case "withCachePolicy" -> obj(c, new FunctionVal(f.withCachePolicy(c.string("policy"),
                    orEmpty(c.optString("timeToLive")))));
            case "withSourceMap" -> obj(c, new FunctionVal(f.withSourceMap(sourceMap(t, c))));
            case "withDeprecated" -> obj(c, new FunctionVal(f.withDeprecated(orEmpty(c.optString("reason")))));
            case "returnType" -> obj(c, new TypeDefVal(f.returnType()));
            case "args" -> obj(c, new FunctionArgVal(nth(f.args(), c)));
            case "sourceMap" -> obj(c, new SourceMapVal(nonNull(f.sourceMap(), c), "", ""));
            default -> throw unknown("Function", c);
        };
    }

    private ApiObject module(CallTranslator t, ModuleVal m, CallId c) throws ApiException {
        return switch (c.field()) {
            case "withDescription" -> obj(c, new ModuleVal(m.def().withDescription(c.string("description")),
                    m.source()));
            case "withObject" -> obj(c, new ModuleVal(m.def().withObject(typeDef(t, c, "object")), m.source()));
            case "withInterface" -> obj(c, new ModuleVal(m.def().withInterface(typeDef(t, c, "iface")), m.source()));
            case "withEnum" -> obj(c, new ModuleVal(m.def().withEnum(typeDef(t, c, "enum")), m.source()));
            case "objects" -> obj(c, new TypeDefVal(nth(loadedDef(t, m).objects(), c)));
            case "interfaces" -> obj(c, new TypeDefVal(nth(loadedDef(t, m).interfaces(), c)));
            case "enums" -> obj(c, new TypeDefVal(nth(loadedDef(t, m).enums(), c)));
            case "source" -> obj(c, new ModuleSourceVal(nonNull(m.source(), c)));
            case "sdk" -> obj(c, new SdkConfigVal(nonNull(m.source(), c).sdkSource()));
            case "generatedContextDirectory" -> pinnedDirectory(c);
            default -> throw unknown("Module", c);
        };
    }

    /** The definition of a module: as built, or (for a module loaded from a source) as its runtime registered it. */
    TypeDefs.ModuleDef loadedDef(CallTranslator t, ModuleVal m) throws ApiException {
        if (m.source() == null || m.served()) {
            return m.def();
        }
        return guard(() -> loader.load(m.source(), t).def());
    }

    private ApiObject moduleSource(ModuleSourceState s, CallId c) throws ApiException {
        return switch (c.field()) {
            case "withName" -> obj(c, new ModuleSourceVal(s.withName(c.string("name"))));
            case "withSDK" -> obj(c, new ModuleSourceVal(s.withSdk(c.string("source"))));
            case "withSourceSubpath" -> obj(c, new ModuleSourceVal(s.withSourceSubpath(c.string("path"))));
            case "withEngineVersion" -> obj(c, new ModuleSourceVal(s.withEngineVersion(c.string("version"))));
            case "asModule" -> obj(c, new ModuleVal(TypeDefs.ModuleDef.EMPTY, s));
            case "sdk" -> obj(c, new SdkConfigVal(s.sdkSource()));
            case "contextDirectory", "generatedContextDirectory" -> pinnedDirectory(c);
            default -> throw unknown("ModuleSource", c);
        };
    }

    /** A directory computed when the field was first resolved, pinned by tree digest in the ID. */
    static ApiObject pinnedDirectory(CallId c) throws ApiException {
        String pinned = c.optString(PINNED);
        if (pinned == null) {
            throw new ApiException("malformed ID: " + c.field() + " carries no content digest");
        }
        try {
            return new DirectoryObject(c, Vertex.of(new LocalUploadOp(Digest.parse(pinned))), "");
        } catch (IllegalArgumentException e) {
            throw new ApiException("malformed ID: " + c.field() + " carries a bad digest", e);
        }
    }

    private static <T> T nth(List<T> list, CallId c) throws ApiException {
        long i = c.intOr(NTH, -1);
        if (i < 0 || i >= list.size()) {
            throw new ApiException("malformed ID: " + c.field() + " has no element " + i);
        }
        return list.get((int) i);
    }

    private static <T> T nonNull(T v, CallId c) throws ApiException {
        if (v == null) {
            throw new ApiException("malformed ID: " + c.field() + " is not set");
        }
        return v;
    }

    private static Kind kind(String s) throws ApiException {
        try {
            return Kind.parse(s);
        } catch (IllegalArgumentException e) {
            throw new ApiException("unknown type definition kind " + s, e);
        }
    }

    private static TypeDef typeDef(CallTranslator t, CallId c, String arg) throws ApiException {
        ApiObject o = t.load(required(c, arg), "TypeDef", c.field() + " argument " + arg);
        return ((TypeDefVal) ((ModuleApiObject) o).value()).def();
    }

    private static FunctionDef function(CallTranslator t, CallId c, String arg) throws ApiException {
        ApiObject o = t.load(required(c, arg), "Function", c.field() + " argument " + arg);
        return ((FunctionVal) ((ModuleApiObject) o).value()).def();
    }

    private static TypeDefs.SourceMap sourceMap(CallTranslator t, CallId c) throws ApiException {
        CallId id = c.optId("sourceMap");
        if (id == null) {
            return null;
        }
        ApiObject o = t.load(id, "SourceMap", c.field() + " argument sourceMap");
        return ((SourceMapVal) ((ModuleApiObject) o).value()).map();
    }

    private static CallId required(CallId c, String arg) throws ApiException {
        CallId id = c.optId(arg);
        if (id == null) {
            throw new ApiException(c.field() + ": missing argument " + arg);
        }
        return id;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    interface Work<T> {
        T run() throws EngineException, InterruptedException;
    }

    /** Runs module work from a translator step, which may only throw {@link ApiException}. */
    static <T> T guard(Work<T> w) throws ApiException {
        try {
            return w.run();
        } catch (ApiException e) {
            throw e;
        } catch (EngineException e) {
            throw new ApiException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("the request was interrupted", e);
        }
    }
}
