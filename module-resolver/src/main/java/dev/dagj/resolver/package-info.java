/**
 * Parse, pin and fetch module references: local paths and git refs (through JGit). A leaf module: it depends on
 * no other dagj module. Filled in by the module work.
 */
package dev.dagj.resolver;
