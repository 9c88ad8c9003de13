package dev.dagj.engine.module;

import dev.dagj.engine.EngineException;

/** Loading, building or running a module failed; the message is for the user and names the module or plugin. */
public class ModuleException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ModuleException(String message) {
        super(message);
    }

    public ModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
