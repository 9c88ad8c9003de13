package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.ContainerObject;
import dev.dagj.engine.api.ApiObject.FileObject;
import dev.dagj.engine.container.ExecResultRecord;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.image.Image;
import dev.dagj.engine.image.ImageRef;
import dev.dagj.engine.image.Layer;
import dev.dagj.engine.image.Platform;
import dev.dagj.engine.op.ExecMount;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEntry;
import graphql.schema.DataFetchingEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The leaves of {@code Container} and the object fields that do source I/O when called: {@code from} resolves the
 * address now and pins the manifest digest and config in the ID; {@code import} and {@code asTarball} pin the tree
 * they stored. Everything else goes through {@link CallTranslator}.
 */
final class ContainerResolvers {
    static final String TARBALL_NAME = "image.tar";
    private final ApiScope scope;
    private final ChainFetchers chains;

    ContainerResolvers(ApiScope scope, ChainFetchers chains) {
        this.scope = scope;
        this.chains = chains;
    }

    private static ContainerObject self(DataFetchingEnvironment env) {
        return env.getSource();
    }

    String id(DataFetchingEnvironment env) {
        return IdCodec.encode(self(env).id());
    }

    ApiObject from(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ContainerObject k = self(env);
        ImageRef ref = ImageRef.parse(env.getArgument("address"));
        Image image = scope.images().resolve(ref, Platform.parse(k.platform()));
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_REF, new Literal.Str(image.ref().orElseThrow().toString())));
        args.add(new CallId.Arg(CallTranslator.PINNED_MANIFEST, new Literal.Str(image.manifestDigest().toString())));
        args.add(new CallId.Arg(CallTranslator.PINNED_CONFIG, new Literal.Str(ImageConfigCodec.encode(image.config()))));
        return chains.chain(env, args);
    }

    private ExecResultRecord result(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ContainerObject k = self(env);
        if (k.lastExec() == null) {
            throw new ApiException(env.getFieldDefinition().getName() + ": no command has been executed in this"
                    + " container; call withExec first");
        }
        return ExecResultRecord.load(scope.engine().store(), scope.solve(k.lastExec()));
    }

    String stdout(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        return text(result(env).stdout());
    }

    String stderr(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        return text(result(env).stderr());
    }

    int exitCode(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        return result(env).exitCode();
    }

    private String text(Digest blob) throws EngineException {
        return new String(scope.engine().store().readBytes(blob), StandardCharsets.UTF_8);
    }

    String sync(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ContainerObject k = self(env);
        scope.solve(k.rootfs());
        for (ExecMount m : k.mounts()) {
            if (m.source() != null) {
                scope.solve(m.source());
            }
        }
        return IdCodec.encode(k.id());
    }

    String envVariable(DataFetchingEnvironment env) {
        return CallTranslator.envMap(self(env).config()).get((String) env.getArgument("name"));
    }

    List<Map<String, String>> envVariables(DataFetchingEnvironment env) {
        return pairs(CallTranslator.envMap(self(env).config()));
    }

    private static List<Map<String, String>> pairs(Map<String, String> m) {
        List<Map<String, String>> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(Map.of("name", k, "value", v)));
        return out;
    }

    String workdir(DataFetchingEnvironment env) {
        String w = self(env).config().workingDir();
        return w.isEmpty() ? "/" : w;
    }

    String user(DataFetchingEnvironment env) {
        return self(env).config().user();
    }

    List<String> entrypoint(DataFetchingEnvironment env) {
        return self(env).config().entrypoint();
    }

    List<String> defaultArgs(DataFetchingEnvironment env) {
        return self(env).config().cmd();
    }

    String label(DataFetchingEnvironment env) {
        return self(env).config().labels().get((String) env.getArgument("name"));
    }

    List<Map<String, String>> labels(DataFetchingEnvironment env) {
        return pairs(self(env).config().labels());
    }

    String platform(DataFetchingEnvironment env) {
        return self(env).platform();
    }

    List<String> mounts(DataFetchingEnvironment env) {
        List<String> out = new ArrayList<>();
        self(env).mounts().forEach(m -> out.add(m.target()));
        return out;
    }

    /**
     * The container as an image with its config: the base image's layers as pulled (same digests) and one layer per
     * change on top, each with the ownership and modes it has in the container.
     */
    private Image image(ContainerObject k) throws EngineException, InterruptedException {
        Digest chain = scope.solve(k.rootfs());
        List<Layer> layers = scope.engine().containers().imageLayers(chain, scope.images());
        return scope.images().assemble(k.config(), Platform.parse(k.platform()), layers);
    }

    private List<Image> images(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        List<Image> out = new ArrayList<>();
        out.add(image(self(env)));
        List<String> variants = env.getArgument("platformVariants");
        if (variants != null) {
            for (String v : variants) {
                CallId id = IdCodec.decode(v);
                ApiObject o = chains.translator().load(id, "Container", "argument platformVariants");
                out.add(image((ContainerObject) o));
            }
        }
        return out;
    }

    String publish(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ImageRef target = ImageRef.parse(env.getArgument("address"));
        return scope.images().publish(target, images(env)).toString();
    }

    String export(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        Path dest = scope.hostPath(env.getArgument("path"));
        List<Image> images = images(env);
        Path tmp = dest.resolveSibling("." + dest.getFileName() + ".dagj-tmp");
        try {
            Files.createDirectories(dest.getParent());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                scope.images().exportTarball(images, out);
            }
            Files.move(tmp, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ApiException("export: cannot write " + dest + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
        return dest.toString();
    }

    /** {@code asTarball}: writes the tarball into the store now and pins the tree holding it. */
    ApiObject asTarball(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        List<Image> images = images(env);
        Path tmp = scope.engine().store().tempPath("tarball");
        Digest tree;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                scope.images().exportTarball(images, out);
            }
            var stored = scope.engine().store().putFile(tmp);
            tree = scope.engine().store().putTree(new Tree(List.of(TreeEntry.file(TARBALL_NAME, 0644, stored.size(),
                    stored.digest()))));
        } catch (IOException e) {
            throw new ApiException("asTarball: cannot write the tarball: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(tree.toString())));
        return chains.chain(env, args);
    }

    /**
     * {@code import}: reads the tarball now (its blobs go into the content store as they are), unpacks its layers and
     * pins the imported manifest and the config. The container's layers are the tarball's, so exporting or
     * publishing it again gives the same layer digests, as in Dagger.
     */
    ApiObject importTarball(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ContainerObject k = self(env);
        CallId fileId = IdCodec.decode(env.getArgument("source"));
        FileObject f = (FileObject) chains.translator().load(fileId, "File", "import argument source");
        TreeEntry e = scope.engine().trees().lookup(scope.solve(f.vertex()), f.path());
        if (e == null || e.kind() != TreeEntry.Kind.FILE) {
            throw new ApiException("import: the source is not a regular file: " + f.path());
        }
        String tag = env.getArgument("tag");
        Image image;
        try (InputStream in = scope.engine().store().open(e.digest())) {
            image = scope.images().importTarball(in, tag == null || tag.isEmpty() ? Optional.empty() : Optional.of(tag),
                    Platform.parse(k.platform()));
        } catch (IOException x) {
            throw new ApiException("import: cannot read the tarball " + f.path() + ": " + x.getMessage(), x);
        }
        scope.images().ensureSnapshots(image);
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_MANIFEST, new Literal.Str(image.manifestDigest().toString())));
        args.add(new CallId.Arg(CallTranslator.PINNED_CONFIG, new Literal.Str(ImageConfigCodec.encode(image.config()))));
        return chains.chain(env, args);
    }
}
