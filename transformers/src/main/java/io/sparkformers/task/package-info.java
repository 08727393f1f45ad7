/**
 * The task registry: one entry per pipeline task (its stage, inputs, options, SQL function names), which the SQL
 * functions, the command, the README tables and the Python classes are generated from. Above ml.
 */
package io.sparkformers.task;
