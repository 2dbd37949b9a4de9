-- The sales funnel's stages, in order: the chance a deal in the stage is won, the most days it
-- should stay there (longer is stalled), what a deal needs before it leaves the stage, and the
-- forecast category of its open deals (pipeline unless said; a deal's own `forecast_category` wins).
-- Read by every command and script (crescent funnel, kpi weighted_pipeline, stage_conversion...).
crm.stages {
  { name = "lead", probability = 0.10, max_dwell_days = 14 },
  { name = "contacted", probability = 0.15, max_dwell_days = 21,
    exit = function(deal) return crm.count("activities", { deal_id = deal.id }) >= 2 end },
  { name = "qualified", probability = 0.25, max_dwell_days = 30,
    exit = function(deal) return deal.amount ~= nil and deal.expected_close_on ~= nil end },
  { name = "proposal", probability = 0.40, max_dwell_days = 30, forecast = "best_case",
    exit = function(deal) return crm.count("activities", { deal_id = deal.id, kind = "proposal" }) >= 1 end },
  { name = "negotiation", probability = 0.65, max_dwell_days = 30, forecast = "commit" },
  { name = "won", probability = 1.0 },
  lost = "lost",
}
