/**
 * Reading a folder of Flyway SQL migrations and its fingerprint. Shared by the CDK constructs (the
 * deploy gate re-runs when the fingerprint changes) and the runner. JDK only: no CDK, no Flyway.
 */
package dev.migratefirst.migrations;
