/**
 * Module loading: finding SDK plugins ({@link dev.dagj.engine.module.SdkPluginSource}), choosing one for a module
 * ({@link dev.dagj.engine.module.SdkSelection}), running their container recipes
 * ({@link dev.dagj.engine.module.RecipeRunner}), caching codegen, runtime builds and type definitions by a digest of
 * everything they depend on ({@link dev.dagj.engine.module.ModuleBuilds}), and running function calls in the
 * runtime container ({@link dev.dagj.engine.module.FunctionRunner}).
 */
package dev.dagj.engine.module;
