package dev.dagj.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build-time only, for {@link DistJars}: turns a class file older than Java 6 into a Java 8 one with the same code,
 * adding the stack map frames that the type-checking verifier needs (computed by ASM, which looks super types up in a
 * class loader over the distribution's jars, without initialising any class).
 */
final class ClassUpgrade implements AutoCloseable {
    /** A class that could not be upgraded. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URLClassLoader loader;

    private ClassUpgrade(URLClassLoader loader) {
        this.loader = loader;
    }

    static ClassUpgrade over(List<Path> classPath) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path p : classPath) {
            urls.add(p.toUri().toURL());
        }
        return new ClassUpgrade(new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()));
    }

    /** Whether a class file starting with {@code head} (at least its first 8 bytes) is older than Java 6. */
    static boolean isOld(byte[] head) {
        return head.length >= 8 && ((head[6] & 0xff) << 8 | (head[7] & 0xff)) < Opcodes.V1_6;
    }

    /** {@code bytes} as a Java 8 class file if they are older than Java 6, else unchanged. */
    byte[] apply(String name, byte[] bytes) {
        if (!isOld(bytes)) {
            return bytes;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected ClassLoader getClassLoader() {
                    return loader;
                }
            };
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public void visit(int version, int access, String className, String signature, String superName,
                        String[] interfaces) {
                    super.visit(Opcodes.V1_8, access, className, signature, superName, interfaces);
                }
            }, ClassReader.SKIP_FRAMES);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            throw new Failure(name + ": " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
