/** Example modules and fixtures live as files under this Maven module; Java code here only locates them. */
package dev.dagj.examples;
