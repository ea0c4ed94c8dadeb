-- Clicks say which browser and operating system they came from, as bounded labels (never the User-Agent):
-- two nullable columns (older clicks and Global Privacy Control have none), and link.clicked's click
-- carries them (the rest of the function as in 0019_team_links.sql).
ALTER TABLE "clicks" ADD COLUMN "browser" varchar(16);--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "os" varchar(16);
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
               'source', c.source, 'rule', c.rule_index, 'variant', c.variant_index, 'unique', c.is_unique,
               'browser', c.browser, 'os', c.os),
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
