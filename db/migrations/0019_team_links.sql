-- Links belong to workspaces (issue 29): a webhook hears the links of its workspace, whoever made them
-- (before, the links of its user; for personal and operator workspaces the two are the same links), and
-- a webhook's link says which workspace it is in.
CREATE OR REPLACE FUNCTION linkscope_link_json(u urls) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', u.id, 'short_code', u.short_code, 'original_url', u.original_url, 'title', u.title,
    'user_id', u.user_id, 'workspace_id', u.workspace_id, 'is_active', u.is_active,
    'expires_at', linkscope_iso(u.expires_at), 'max_clicks', u.max_clicks, 'clicks_used', u.clicks_used,
    'created_at', linkscope_iso(u.created_at), 'updated_at', linkscope_iso(u.updated_at),
    'tags', linkscope_tag_names(u.id))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_enqueue_link_event(u urls, event_type text, extra jsonb, at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_type, url_id, body)
  SELECT w.id, event_type, u.id,
         json_build_object(
           'type', event_type,
           'timestamp', linkscope_iso(at),
           'data', jsonb_build_object('link', linkscope_link_json(u)) || COALESCE(extra, '{}'::jsonb)
         )::text
  FROM webhooks w
  WHERE w.workspace_id = u.workspace_id
    AND w.state = 'active'
    AND w.events ? event_type
    AND (w.url_ids IS NULL OR w.url_ids @> to_jsonb(u.id))
  ORDER BY w.id;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_click_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhooks WHERE state = 'active' AND events ? 'link.clicked') THEN RETURN NULL; END IF;
  INSERT INTO webhook_deliveries (webhook_id, event_type, url_id, body)
  SELECT w.id, 'link.clicked', u.id,
         json_build_object(
           'type', 'link.clicked',
           'timestamp', linkscope_iso(c.clicked_at),
           'data', json_build_object(
             'click', json_build_object(
               'id', c.id, 'clicked_at', linkscope_iso(c.clicked_at), 'class', c.click_class,
               'device', c.device_class, 'country', c.country, 'referrer_host', c.referrer_host,
               'source', c.source, 'rule', c.rule_index, 'variant', c.variant_index, 'unique', c.is_unique),
             'link', json_build_object('id', u.id, 'short_code', u.short_code, 'original_url', u.original_url))
         )::text
  FROM new_clicks c
  JOIN urls u ON u.id = c.url_id
  JOIN webhooks w ON w.workspace_id = u.workspace_id
  WHERE w.state = 'active'
    AND w.events ? 'link.clicked'
    AND (w.click_classes = 'all' OR c.click_class = 'human')
    AND (w.url_ids IS NULL OR w.url_ids @> to_jsonb(u.id))
  ORDER BY c.clicked_at, w.id;
  RETURN NULL;
END $$;
