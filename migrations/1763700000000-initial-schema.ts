import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema of API.md: traces, observations, scores and metric points.
 * Every key starts with project_id so the tables can later be distributed by project.
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE traces (
        project_id   text        NOT NULL,
        id           text        NOT NULL,
        environment  text        NOT NULL DEFAULT 'default',
        timestamp    timestamptz NOT NULL,
        name         text,
        input        jsonb,
        output       jsonb,
        session_id   text,
        release      text,
        version      text,
        user_id      text,
        metadata     jsonb,
        tags         text[]      NOT NULL DEFAULT '{}',
        public       boolean     NOT NULL DEFAULT false,
        external_id  text,
        bookmarked   boolean     NOT NULL DEFAULT false,
        latency      double precision,
        total_cost   double precision,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX traces_project_timestamp_idx ON traces (project_id, timestamp DESC)`);
    await queryRunner.query(`CREATE INDEX traces_project_user_idx ON traces (project_id, user_id, timestamp DESC)`);
    await queryRunner.query(`CREATE INDEX traces_project_session_idx ON traces (project_id, session_id, timestamp DESC)`);
    await queryRunner.query(`CREATE INDEX traces_project_name_idx ON traces (project_id, name, timestamp DESC)`);
    await queryRunner.query(`CREATE INDEX traces_tags_idx ON traces USING gin (tags)`);

    await queryRunner.query(`
      CREATE TABLE observations (
        project_id              text        NOT NULL,
        id                      text        NOT NULL,
        trace_id                text        NOT NULL,
        environment             text        NOT NULL DEFAULT 'default',
        type                    text        NOT NULL DEFAULT 'GENERATION',
        name                    text,
        start_time              timestamptz,
        end_time                timestamptz,
        completion_start_time   timestamptz,
        model                   text,
        model_parameters        jsonb,
        input                   jsonb,
        output                  jsonb,
        usage                   jsonb,
        usage_details           jsonb,
        cost_details            jsonb,
        level                   text,
        status_message          text,
        parent_observation_id   text,
        prompt_id               text,
        prompt_name             text,
        prompt_version          text,
        model_id                text,
        input_price             double precision,
        output_price            double precision,
        total_price             double precision,
        calculated_input_cost   double precision,
        calculated_output_cost  double precision,
        calculated_total_cost   double precision,
        latency                 double precision,
        time_to_first_token     double precision,
        prompt_tokens           bigint,
        completion_tokens       bigint,
        total_tokens            bigint,
        unit                    text,
        metadata                jsonb,
        version                 text,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, id)
      )`);
    await queryRunner.query(
      `CREATE INDEX observations_project_trace_idx ON observations (project_id, trace_id, start_time)`,
    );
    await queryRunner.query(`CREATE INDEX observations_project_start_idx ON observations (project_id, start_time DESC)`);

    await queryRunner.query(`
      CREATE TABLE scores (
        project_id      text        NOT NULL,
        id              text        NOT NULL,
        trace_id        text,
        observation_id  text,
        session_id      text,
        dataset_run_id  text,
        name            text        NOT NULL,
        value           double precision,
        string_value    text,
        data_type       text        NOT NULL DEFAULT 'NUMERIC',
        source          text        NOT NULL DEFAULT 'API',
        comment         text,
        metadata        jsonb,
        config_id       text,
        queue_id        text,
        author_user_id  text,
        environment     text        NOT NULL DEFAULT 'default',
        timestamp       timestamptz NOT NULL DEFAULT now(),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX scores_project_trace_idx ON scores (project_id, trace_id)`);
    await queryRunner.query(`CREATE INDEX scores_project_timestamp_idx ON scores (project_id, timestamp DESC)`);

    // Metrics: one row per series, narrow points partitioned by day, rollups per series and bucket.
    await queryRunner.query(`
      CREATE TABLE metric_series (
        id           integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id   text        NOT NULL,
        environment  text        NOT NULL DEFAULT 'default',
        name         text        NOT NULL,
        labels       jsonb       NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, environment, name, labels)
      )`);
    await queryRunner.query(`CREATE INDEX metric_series_project_name_idx ON metric_series (project_id, name)`);
    await queryRunner.query(`CREATE INDEX metric_series_labels_idx ON metric_series USING gin (labels jsonb_path_ops)`);
    await queryRunner.query(`
      CREATE TABLE metric_points (
        series_id  integer          NOT NULL,
        ts         timestamptz      NOT NULL,
        value      double precision NOT NULL
      ) PARTITION BY RANGE (ts)`);
    await queryRunner.query(`CREATE INDEX metric_points_series_ts_idx ON metric_points (series_id, ts)`);
    for (const width of ['5m', '1h']) {
      await queryRunner.query(`
        CREATE TABLE metric_rollups_${width} (
          series_id   integer          NOT NULL,
          bucket      timestamptz      NOT NULL,
          count       bigint           NOT NULL,
          sum         double precision NOT NULL,
          min         double precision NOT NULL,
          max         double precision NOT NULL,
          last_value  double precision NOT NULL,
          last_ts     timestamptz      NOT NULL,
          PRIMARY KEY (series_id, bucket)
        )`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['metric_rollups_1h', 'metric_rollups_5m', 'metric_points', 'metric_series', 'scores', 'observations', 'traces']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
