-- expect: safe
CREATE TABLE plans (code text PRIMARY KEY, price numeric NOT NULL);
DO $$
BEGIN
    INSERT INTO plans VALUES ('free', 0), ('pro', 10);
END
$$;
