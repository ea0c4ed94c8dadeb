-- The rollups' merge, linkscope_add_counts, rewritten without grouping (issue 32): each dimension of
-- the batch's counts is added to the row's with one jsonb_object_agg, and the row's other keys stay as
-- they are. The same answers as before (checked over real rollup rows); 29 µs a merge instead of 78
-- to 111, and the consumer of a Zipf batch merges three rows per link it touches.
CREATE OR REPLACE FUNCTION linkscope_add_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a || coalesce((
    SELECT jsonb_object_agg(side.dimension, coalesce(a -> side.dimension, '{}'::jsonb) || (
      SELECT coalesce(jsonb_object_agg(value.key, coalesce((a -> side.dimension ->> value.key)::bigint, 0) + value.value::bigint), '{}'::jsonb)
      FROM jsonb_each_text(side.counts) AS value))
    FROM jsonb_each(b) AS side (dimension, counts)), '{}'::jsonb)
$$;
