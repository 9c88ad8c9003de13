/**
 * The SPI that SDK plugins compile against: records and interfaces only.
 *
 * <p>An SDK plugin is a PF4J extension implementing {@link dev.dagj.plugin.SdkPlugin} plus any of the capability
 * interfaces it supports: {@link dev.dagj.plugin.CodegenCapability}, {@link dev.dagj.plugin.RuntimeCapability},
 * {@link dev.dagj.plugin.TypeDefsCapability}, {@link dev.dagj.plugin.ClientGenCapability}. The engine detects
 * capabilities by type, the way Dagger detects an SDK module's interface by its function names.
 *
 * <p>Plugins <em>describe</em> work, they never run it: every capability takes one request record and returns one
 * result record holding a {@link dev.dagj.plugin.ContainerRecipe}. The engine builds, caches and runs the recipe.
 * New inputs are added as record components with defaults in the request's factory, so plugins keep compiling.
 */
package dev.dagj.plugin;
