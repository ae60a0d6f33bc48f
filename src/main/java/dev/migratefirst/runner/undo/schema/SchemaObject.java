package dev.migratefirst.runner.undo.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * One schema object of a {@link SchemaSnapshot}: what it is, its name, and a definition text that
 * changes exactly when the object changes in a way the snapshot compares.
 *
 * @param kind       what kind of object
 * @param name       its display name: {@code users_email_idx}, {@code users.email}, {@code audit.events};
 *                   objects in {@code public} are shown unqualified
 * @param on         the table (or domain) it belongs to, for indexes, constraints, triggers and
 *                   policies; empty otherwise
 * @param relation   the relation whose presence the object depends on (a column's, index's or
 *                   trigger's table), used to leave out an excluded table with everything on it
 * @param definition the compared definition, e.g. {@code varchar(320) NOT NULL DEFAULT now()}
 */
public record SchemaObject(Kind kind, String name, Optional<String> on, Optional<String> relation, String definition) {

    /** The kinds of objects a snapshot holds, named as the differences name them. */
    public enum Kind {
        SCHEMA("schema"),
        EXTENSION("extension"),
        TABLE("table"),
        COLUMN("column"),
        CONSTRAINT("constraint"),
        INDEX("index"),
        SEQUENCE("sequence"),
        VIEW("view"),
        MATERIALIZED_VIEW("materialized view"),
        FUNCTION("function"),
        TRIGGER("trigger"),
        EVENT_TRIGGER("event trigger"),
        TYPE("type"),
        POLICY("policy");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The word used in messages, e.g. {@code materialized view}. */
        public String label() {
            return label;
        }
    }

    public SchemaObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(definition, "definition");
    }

    /** The identity of the object inside a snapshot: kind, name and owner. */
    public String key() {
        return kind.name() + " " + name + on.map(o -> " ON " + o).orElse("");
    }

    /** How messages name it, e.g. {@code index users_email_idx on users}. */
    public String describe() {
        return kind.label() + " " + name + on.map(o -> " on " + o).orElse("");
    }
}
