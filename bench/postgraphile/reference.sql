-- Computed columns that give PostGraphile the fields Gongzhi computes in Python, so both
-- answer the same question; applied (idempotently) by bench/run.py to the bench database.

-- Resident.age: whole years today (Gongzhi: backend/residents/types.py _age).
CREATE OR REPLACE FUNCTION resident_age(r resident) RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT extract(year FROM age(current_date, r.birth_date))::integer $$;

-- Grid.careTagCounts: residents per care tag in the grid, tags with none omitted, by kind.
CREATE OR REPLACE FUNCTION grid_care_tag_counts(g grid)
RETURNS TABLE (kind varchar, count integer)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
  SELECT t.kind, count(*)::integer
  FROM care_tag t JOIN resident r ON r.id = t.resident_id
  WHERE r.grid_id = g.id
  GROUP BY t.kind
  ORDER BY t.kind
$$;
