/**
 * An export directory on any Hadoop path or the classpath: its files, config.json, and the local copy a session
 * loads from. Used by every step; depends on none.
 */
package io.sparkformers.model;
