/** File-system helpers shared by the engine's packages: deleting directory trees safely. */
package dev.dagj.engine.fs;
