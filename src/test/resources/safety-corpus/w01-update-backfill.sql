-- expect: warn data-backfill
UPDATE orders SET state = 'new' WHERE state IS NULL;
