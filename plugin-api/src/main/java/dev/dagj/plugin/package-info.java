/**
 * The SPI that SDK plugins compile against: records and interfaces only. An SDK plugin describes containers and
 * files (code generation output, a runtime recipe); the engine runs them. Filled in by the module work (issue 5).
 */
package dev.dagj.plugin;
