/**
 * The Spark line this jar is built for and the check that refuses any other, and (in src/main/<spark.line>) the
 * classes whose Scala or Spark types differ between Spark 3.5/Scala 2.12 and Spark 4/Scala 2.13. Depends on nothing
 * of sparkformers.
 */
package io.sparkformers.compat;
