package dev.dagj.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.ModuleApiObject;
import dev.dagj.engine.api.ModuleValue.ArgValueVal;
import dev.dagj.engine.api.ModuleValue.UserObjectVal;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.module.TypeDefs;
import dev.dagj.engine.module.TypeDefs.ArgDef;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLArgument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls a served module's functions and reads its objects' fields: arguments go to the runtime as JSON (core objects
 * as their ID, the module's own objects as their fields), results come back by the declared type (core objects from
 * their ID, the module's objects as {@link UserObjectVal} with the call chain as ID, enums by member name). A
 * missing argument with {@code defaultPath} is loaded from the module's own context directory (relative to the
 * module's source root, absolute paths from the context directory).
 */
final class ModuleCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModuleLoader loader;
    private final CallTranslator t;
    /** The modules behind the interface values among the arguments converted so far (see {@link #json}). */
    private final List<ServedModule> implementations = new ArrayList<>();

    ModuleCalls(ModuleLoader loader, CallTranslator t) {
        this.loader = loader;
        this.t = t;
    }

    /** {@code Query.<module>(constructor args)}: the main object, made by the constructor when there is one. */
    ApiObject construct(ServedModule m, CallId c) throws EngineException, InterruptedException {
        String main = m.mainObjectName();
        FunctionDef ctor = m.mainObject() == null ? null : m.mainObject().constructor();
        if (ctor == null) {
            return new ModuleApiObject(c, new UserObjectVal(m, main, JsonNodeFactory.instance.objectNode()));
        }
        List<ArgValueVal> args = args(m, ctor, c);
        JsonNode fields = loader.invoke(m, main, "", "null", args, ctor.cachePolicy(), implementations);
        return new ModuleApiObject(c, new UserObjectVal(m, main, fields));
    }

    /** An object-typed field or function of a module object, replayed from its ID. */
    ApiObject apply(UserObjectVal u, CallId recv, CallId c) throws EngineException, InterruptedException {
        Result r = evaluate(u, c);
        Object o = toGraphql(u.module(), r.type(), select(r.value(), c), c);
        if (!(o instanceof ApiObject a)) {
            throw new ApiException("malformed ID: " + c.field() + " of " + u.objectName() + " is not an object");
        }
        return a;
    }

    /** The GraphQL value of field {@code c.field()} of {@code u}: a scalar, a list, an object or null. */
    Object resolve(UserObjectVal u, CallId c) throws EngineException, InterruptedException {
        Result r = evaluate(u, c);
        return toGraphql(u.module(), r.type(), r.value(), c);
    }

    private record Result(TypeDef type, JsonNode value) {
    }

    // ---- interfaces ----

    /**
     * {@code <Object>.as<Iface>}: {@code u} as a value of interface {@code iface}, or an error naming what it lacks
     * to implement it.
     */
    static ApiObject asInterface(UserObjectVal u, TypeDefs.TypeDef iface, CallId c) throws ApiException {
        requireImplements("", u, iface);
        return new ModuleApiObject(c, new ModuleValue.InterfaceVal(iface.object().name(), u));
    }

    /** The GraphQL value of function {@code c.field()} of an interface value: the implementing object's. */
    Object resolve(ModuleValue.InterfaceVal iv, CallId c) throws EngineException, InterruptedException {
        Result r = evaluate(iv.impl(), c);
        return asDeclared(toGraphql(iv.impl().module(), r.type(), r.value(), c), c.type());
    }

    /** An object-typed function of an interface value, replayed from its ID. */
    ApiObject apply(ModuleValue.InterfaceVal iv, CallId c) throws EngineException, InterruptedException {
        Result r = evaluate(iv.impl(), c);
        Object o = asDeclared(toGraphql(iv.impl().module(), r.type(), select(r.value(), c), c), c.type());
        if (!(o instanceof ApiObject a)) {
            throw new ApiException("malformed ID: " + c.field() + " of " + iv.interfaceName() + " is not an object");
        }
        return a;
    }

    /**
     * A result of an implementation's function as the interface declares it: an object of the implementing module
     * where the interface declares an interface type becomes a value of that interface.
     */
    private static Object asDeclared(Object o, String declared) {
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(asDeclared(x, declared));
            }
            return out;
        }
        if (o instanceof ModuleApiObject a && !a.typeName().equals(declared)) {
            if (a.value() instanceof UserObjectVal u) {
                return new ModuleApiObject(a.id(), new ModuleValue.InterfaceVal(declared, u));
            }
            if (a.value() instanceof ModuleValue.InterfaceVal iv) {
                return new ModuleApiObject(a.id(), new ModuleValue.InterfaceVal(declared, iv.impl()));
            }
        }
        return o;
    }

    /** The object behind an interface value's ID: an interface value's implementation, or an object itself. */
    private UserObjectVal implementation(CallId id, TypeDefs.TypeDef iface, String what) throws ApiException {
        return implementation(t.replay(id), iface, what);
    }

    private static UserObjectVal implementation(ApiObject o, TypeDefs.TypeDef iface, String what)
            throws ApiException {
        UserObjectVal u = switch (o) {
            case ModuleApiObject(CallId x, ModuleValue.InterfaceVal iv) -> iv.impl();
            case ModuleApiObject(CallId x, UserObjectVal v) -> v;
            default -> throw new ApiException(what + ": " + o.typeName() + " does not implement interface "
                    + iface.object().name() + " (it is not a module object)");
        };
        requireImplements(what + ": ", u, iface);
        return u;
    }

    /** Fails, after {@code prefix}, naming what {@code u} lacks to implement {@code iface}. */
    private static void requireImplements(String prefix, UserObjectVal u, TypeDefs.TypeDef iface)
            throws ApiException {
        TypeDefs.ObjectDef obj = u.module().def().object(u.objectName());
        String missing = obj == null ? "is not a module object" : ModuleInterfaces.missing(obj, iface.object());
        if (missing != null) {
            throw new ApiException(prefix + u.objectName() + " does not implement interface "
                    + iface.object().name() + ": " + u.objectName() + " " + missing);
        }
    }

    /**
     * The modules behind the interface values held in {@code u}'s interface-typed fields (kept as portable IDs, see
     * {@link ModuleInterfaces}), so that the nested session of a call on {@code u} can resolve them too.
     */
    private void stateImplementations(UserObjectVal u) throws ApiException {
        TypeDefs.ObjectDef o = u.module().def().object(u.objectName());
        if (o == null) {
            return;
        }
        for (FieldDef f : o.fields()) {
            TypeDefs.TypeDef type = f.type().kind() == Kind.LIST ? f.type().elem() : f.type();
            if (type.kind() != Kind.INTERFACE) {
                continue;
            }
            JsonNode v = u.fields().get(f.name());
            if (v == null) {
                v = caseInsensitive(u.fields(), f.name());
            }
            if (v == null) {
                continue;
            }
            for (JsonNode x : v.isArray() ? v : List.of(v)) {
                if (!x.isTextual()) {
                    continue;
                }
                CallId id = IdCodec.decode(x.asText());
                if (!id.field().equals(ModuleInterfaces.VALUE_FIELD)) {
                    continue;
                }
                try {
                    if (t.replay(id) instanceof ModuleApiObject(CallId i, ModuleValue.InterfaceVal iv)) {
                        addImplementation(iv.impl().module());
                    }
                } catch (ApiException e) {
                    // Not resolvable here, so not in the call's session either: the runtime gets that error if it
                    // uses the value, and a call that does not use it still works.
                    continue;
                }
            }
        }
    }

    /**
     * {@code load<Iface>FromID(id:)}: the value the ID names as interface {@code iface}. As in Dagger, the ID may be
     * any object's that implements it (a function returning an object of a dependency as its own interface type
     * converts it this way); such a value gets a portable ID, so that the session the function returns to (which
     * may not serve that dependency under this name) can load it.
     */
    ApiObject loadInterface(String idText, TypeDefs.TypeDef iface, String field) throws ApiException {
        CallId id;
        try {
            id = IdCodec.decode(idText);
        } catch (ApiException e) {
            throw new ApiException(field + ": " + e.getMessage(), e);
        }
        ApiObject o = t.replay(id);
        String name = iface.object().name();
        if (o instanceof ModuleApiObject(CallId x, ModuleValue.InterfaceVal iv) && iv.interfaceName().equals(name)) {
            return o;
        }
        UserObjectVal impl = implementation(o, iface, field);
        return new ModuleApiObject(ModuleInterfaces.portable(name, impl), new ModuleValue.InterfaceVal(name, impl));
    }

    /** Remembers {@code m} as behind an interface value, once, for the call this resolution makes. */
    private void addImplementation(ServedModule m) {
        for (ServedModule known : implementations) {
            if (known == m) {
                return;
            }
        }
        implementations.add(m);
    }

    private static TypeDefs.TypeDef interfaceOf(ServedModule m, String name) {
        for (TypeDefs.TypeDef i : m.def().interfaces()) {
            if (i.object() != null && i.object().name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    private Result evaluate(UserObjectVal u, CallId c) throws EngineException, InterruptedException {
        ServedModule m = u.module();
        FunctionDef fn = m.function(u.objectName(), c.field());
        if (fn != null) {
            List<ArgValueVal> args = args(m, fn, c);
            stateImplementations(u);
            JsonNode v = loader.invoke(m, u.objectName(), fn.name(), u.fields().toString(), args,
                    fn.cachePolicy(), implementations);
            return new Result(fn.returnType(), v);
        }
        FieldDef f = m.field(u.objectName(), c.field());
        if (f != null) {
            JsonNode v = u.fields().get(f.name());
            if (v == null) {
                v = caseInsensitive(u.fields(), f.name());
            }
            return new Result(f.type(), v == null ? NullNode.getInstance() : v);
        }
        throw new ApiException(u.objectName() + " has no field or function \"" + c.field() + "\"");
    }

    private static JsonNode caseInsensitive(JsonNode fields, String name) {
        for (var it = fields.properties().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A list element's ID carries its index; pick it when replaying. */
    private static JsonNode select(JsonNode v, CallId c) throws ApiException {
        Literal nth = c.arg(ModuleSteps.NTH);
        if (nth == null) {
            return v;
        }
        long i = ((Literal.Int) nth).value();
        if (!v.isArray() || i < 0 || i >= v.size()) {
            throw new ApiException("malformed ID: " + c.field() + " has no element " + i);
        }
        return v.get((int) i);
    }

    /** Converts a JSON result to the GraphQL value of {@code type}. */
    private Object toGraphql(ServedModule m, TypeDef type, JsonNode v, CallId c) throws ApiException {
        if (v == null || v.isNull() || type.kind() == Kind.VOID) {
            return null;
        }
        if (c.arg(ModuleSteps.NTH) != null && type.kind() == Kind.LIST) {
            return toGraphql(m, type.elem(), v, c);
        }
        return switch (type.kind()) {
            case STRING -> v.isTextual() ? v.asText() : v.toString();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToInt() ? (Object) v.intValue() : v.longValue();
            case FLOAT -> v.doubleValue();
            case BOOLEAN -> v.asBoolean();
            case SCALAR -> type.name().equals("JSON") ? v.toString() : v.isTextual() ? v.asText() : v.toString();
            case ENUM -> enumName(m, type.name(), v.asText());
            case LIST -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    List<CallId.Arg> args = new ArrayList<>(c.args());
                    args.add(new CallId.Arg(ModuleSteps.NTH, new Literal.Int(i)));
                    out.add(toGraphql(m, type.elem(), v.get(i), new CallId(c.receiver(), c.type(), c.field(), args)));
                }
                yield out;
            }
            case INTERFACE -> {
                if (!v.isTextual()) {
                    throw new ApiException(c.field() + ": the function returned " + v + " for a " + type.name()
                            + ", not an ID");
                }
                TypeDefs.TypeDef iface = interfaceOf(m, type.name());
                if (iface == null) {
                    yield t.load(IdCodec.decode(v.asText()), type.name(), c.field());
                }
                yield new ModuleApiObject(c, new ModuleValue.InterfaceVal(type.name(),
                        implementation(IdCodec.decode(v.asText()), iface, c.field())));
            }
            case OBJECT -> {
                if (m.definesObject(type.name())) {
                    yield new ModuleApiObject(c, new UserObjectVal(m, type.name(), v));
                }
                if (!v.isTextual()) {
                    throw new ApiException(c.field() + ": the function returned " + v + " for a " + type.name()
                            + ", not an ID");
                }
                yield t.load(IdCodec.decode(v.asText()), type.name(), c.field());
            }
            case INPUT, VOID -> null;
        };
    }

    private static String enumName(ServedModule m, String enumName, String value) {
        for (Map.Entry<String, String> e : m.enumValues(enumName).entrySet()) {
            if (e.getValue().equals(value)) {
                return e.getKey();
            }
        }
        return value;
    }

    // ---- arguments ----

    /**
     * Records a module field's GraphQL arguments as ID arguments: like {@link CallArgs}, plus floats (as their
     * decimal text, which {@link #json} reads back by the declared type).
     */
    static List<CallId.Arg> record(DataFetchingEnvironment env) throws ApiException {
        List<CallId.Arg> out = new ArrayList<>();
        for (GraphQLArgument a : env.getFieldDefinition().getArguments()) {
            Object v = env.getArgument(a.getName());
            if (v != null) {
                out.add(new CallId.Arg(a.getName(), CallArgs.literal(a.getName(), a.getType(), v)));
            }
        }
        return out;
    }


    /** The set or defaulted arguments of a call of {@code fn}, as the runtime receives them. */
    List<ArgValueVal> args(ServedModule m, FunctionDef fn, CallId c) throws EngineException {
        List<ArgValueVal> out = new ArrayList<>();
        for (ArgDef a : fn.args()) {
            Literal given = c.arg(ModuleNames.lowerCamel(a.name()));
            if (given != null) {
                out.add(new ArgValueVal(a.name(), json(m, a.type(), given, a.name()).toString()));
            } else if (!a.defaultPath().isEmpty()) {
                out.add(new ArgValueVal(a.name(), JSON.valueToTree(contextual(m, a)).toString()));
            } else if (a.defaultValue() != null) {
                out.add(new ArgValueVal(a.name(), a.defaultValue()));
            }
        }
        return out;
    }

    private JsonNode json(ServedModule m, TypeDef type, Literal l, String arg) throws ApiException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        // Plain scalars, the common case, before the pattern switch: it is bootstrapped at run time (SwitchBootstraps)
        // the first time it runs, a cost a warm `dagger call` need not pay.
        if (l instanceof Literal.Str s && type.kind() == Kind.STRING) {
            return f.textNode(s.value());
        }
        if (l instanceof Literal.Int i) {
            return f.numberNode(i.value());
        }
        if (l instanceof Literal.Bool b) {
            return f.booleanNode(b.value());
        }
        return switch (l) {
            case Literal.ListOf list -> {
                ArrayNode a = f.arrayNode();
                TypeDef elem = type.kind() == Kind.LIST ? type.elem() : type;
                for (Literal x : list.values()) {
                    a.add(json(m, elem, x, arg));
                }
                yield a;
            }
            case Literal.Id id -> {
                TypeDefs.TypeDef iface = type.kind() == Kind.INTERFACE ? interfaceOf(m, type.name()) : null;
                if (iface != null) {
                    UserObjectVal impl = implementation(id.id(), iface, "argument " + arg);
                    addImplementation(impl.module());
                    yield f.textNode(IdCodec.encode(ModuleInterfaces.portable(m.originalName(type.name()), impl)));
                }
                if (type.isObjectLike() && m.definesObject(type.name())) {
                    ApiObject o = t.load(id.id(), type.name(), "argument " + arg);
                    yield ((UserObjectVal) ((ModuleApiObject) o).value()).fields();
                }
                yield f.textNode(IdCodec.encode(id.id()));
            }
            case Literal.Int i -> f.numberNode(i.value());
            case Literal.Bool b -> f.booleanNode(b.value());
            case Literal.Str s -> switch (type.kind()) {
                case FLOAT -> f.numberNode(Double.parseDouble(s.value()));
                case ENUM -> f.textNode(m.enumValues(type.name()).getOrDefault(s.value(), s.value()));
                case SCALAR -> {
                    if (!type.name().equals("JSON")) {
                        yield f.textNode(s.value());
                    }
                    try {
                        yield JSON.readTree(s.value());
                    } catch (IOException e) {
                        throw new ApiException("argument " + arg + ": not JSON: " + e.getMessage(), e);
                    }
                }
                default -> f.textNode(s.value());
            };
        };
    }

    /**
     * The ID of a {@code defaultPath} argument's directory or file, uploaded from the module's context directory:
     * relative paths from the module's source root, absolute ones from its context directory, never outside it. As in
     * Dagger, this is the context directory the module was loaded from (a local module's on the host that loaded it,
     * a git module's checkout), read by the engine, not through the calling session's host: so a dependency called
     * from inside its parent's function (a nested session with no {@code host}) gets its own files too.
     */
    private String contextual(ServedModule m, ArgDef a) throws EngineException {
        ModuleSourceState s = m.source();
        Path context = s.contextDir().toAbsolutePath().normalize();
        String p = a.defaultPath();
        Path target = p.startsWith("/") ? context.resolve(p.substring(1)).normalize()
                : s.sourceRootDir().resolve(p).normalize();
        if (!target.startsWith(context)) {
            throw new ApiException("argument " + a.name() + ": defaultPath " + ModuleLoader.quote(p)
                    + " is outside the module's context directory " + context);
        }
        CallId host = new CallId(null, "Host", "host", List.of());
        if (a.type().name().equals("File")) {
            if (!Files.isRegularFile(target)) {
                throw new ApiException("argument " + a.name() + ": defaultPath " + ModuleLoader.quote(p)
                        + ": no such file " + target);
            }
            Digest tree = loader.scope().uploader().uploadFile(target);
            return IdCodec.encode(new CallId(host, "File", "file", List.of(
                    new CallId.Arg("path", new Literal.Str(target.toString())),
                    new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(tree.toString())),
                    new CallId.Arg(CallTranslator.PINNED_NAME, new Literal.Str(target.getFileName().toString())))));
        }
        if (!Files.isDirectory(target)) {
            throw new ApiException("argument " + a.name() + ": defaultPath " + ModuleLoader.quote(p)
                    + ": no such directory " + target);
        }
        Digest tree = loader.scope().uploader().uploadDirectory(target, List.of(), a.ignore(), false);
        List<CallId.Arg> args = new ArrayList<>();
        args.add(new CallId.Arg("path", new Literal.Str(target.toString())));
        if (!a.ignore().isEmpty()) {
            List<Literal> ex = new ArrayList<>();
            a.ignore().forEach(x -> ex.add(new Literal.Str(x)));
            args.add(new CallId.Arg("exclude", new Literal.ListOf(ex)));
        }
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(tree.toString())));
        return IdCodec.encode(new CallId(host, "Directory", "directory", args));
    }
}
