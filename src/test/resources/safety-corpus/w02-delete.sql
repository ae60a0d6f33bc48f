-- expect: warn data-backfill
DELETE FROM orders WHERE state = 'cancelled';
