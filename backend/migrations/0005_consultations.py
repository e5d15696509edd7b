from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.consultations.models import BallotChannel, BallotKind, ConflictStatus, DecisionRule, EvaluationRating, OptionStance, ParticipantRole, ScopeKind, SessionMode, SessionState, TopicCategory, TopicState, VoteState, VotingUnit, new_receipt_code
from decimal import Decimal
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import CheckConstraint


class CreateModelWithChecks(ops.CreateModel):
    """CreateModel that also writes the model's CHECK constraints into CREATE TABLE.

    Tortoise 1.1 records ``Meta.constraints`` in the migration state but does not emit them
    when it creates a table (tortoise-orm issue 2272), and on SQLite a later AddConstraint
    rebuilds the table without its unique constraints and indexes. The checks are therefore
    written inline here; a check the editor already emits is not written twice.
    """

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if not state_editor:
            return
        model = new_state.apps.get_model(f"{app_label}.{self.name}")
        table_sql = state_editor._get_model_sql_data(model).table_sql
        checks = [
            state_editor.CHECK_CONSTRAINT_CREATE_TEMPLATE.format(name=c.name, check=c.check)
            for c in model._meta.constraints
            if isinstance(c, CheckConstraint) and f'"{c.name}"' not in table_sql
        ]
        if not checks:
            await state_editor.create_model(model)
            return
        inner = state_editor._get_inner_statements
        state_editor._get_inner_statements = lambda: [*inner(), *checks]
        try:
            await state_editor.create_model(model)
        finally:
            del state_editor._get_inner_statements


# Rows that point at two things of a vote must point into the same vote (and a conflict at
# the counted ballot of its own unit). Foreign keys cannot say this; these triggers refuse a
# violating INSERT or UPDATE as an integrity error. {ne} is "is distinct from" per dialect.
SAME_VOTE_RULES = [
    (
        "eligible_voter",
        ("vote_id", "unit_id"),
        "(SELECT vote_id FROM eligible_unit WHERE id = NEW.unit_id) {ne} NEW.vote_id",
        "eligible_voter: unit of another vote",
    ),
    (
        "ballot",
        ("vote_id", "unit_id"),
        "(SELECT vote_id FROM eligible_unit WHERE id = NEW.unit_id) {ne} NEW.vote_id",
        "ballot: unit of another vote",
    ),
    (
        "ballot_choice",
        ("ballot_id", "option_id"),
        "(SELECT vote_id FROM vote_option WHERE id = NEW.option_id)"
        " {ne} (SELECT vote_id FROM ballot WHERE id = NEW.ballot_id)",
        "ballot_choice: option of another vote",
    ),
    (
        "ballot_conflict",
        ("vote_id", "unit_id", "ballot_id"),
        "(SELECT vote_id FROM eligible_unit WHERE id = NEW.unit_id) {ne} NEW.vote_id"
        " OR (SELECT unit_id FROM ballot WHERE id = NEW.ballot_id) {ne} NEW.unit_id",
        "ballot_conflict: unit or ballot of another vote or unit",
    ),
    (
        "ballot_conflict_choice",
        ("conflict_id", "option_id"),
        "(SELECT vote_id FROM vote_option WHERE id = NEW.option_id)"
        " {ne} (SELECT vote_id FROM ballot_conflict WHERE id = NEW.conflict_id)",
        "ballot_conflict_choice: option of another vote",
    ),
    # Options and snapshot units never move to another vote.
    (
        "vote_option",
        ("vote_id",),
        "TG_OP = 'UPDATE' AND NEW.vote_id {ne} OLD.vote_id",
        "vote_option: vote_id cannot change",
    ),
    (
        "eligible_unit",
        ("vote_id",),
        "TG_OP = 'UPDATE' AND NEW.vote_id {ne} OLD.vote_id",
        "eligible_unit: vote_id cannot change",
    ),
]


UPDATE_ONLY = "TG_OP = 'UPDATE' AND "


def _postgres_triggers():
    create, drop = [], []
    for table, columns, condition, message in SAME_VOTE_RULES:
        name = f"{table}_same_vote"
        events = "INSERT OR UPDATE"
        if condition.startswith(UPDATE_ONLY):
            events, condition = "UPDATE", condition[len(UPDATE_ONLY) :]
        test = condition.format(ne="IS DISTINCT FROM")
        create.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
            f"BEGIN\n  IF {test} THEN\n"
            f"    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';\n"
            f"  END IF;\n  RETURN NEW;\nEND $$ LANGUAGE plpgsql;\n"
            f"CREATE TRIGGER {name} BEFORE {events} OF {', '.join(columns)} ON {table}\n"
            f"  FOR EACH ROW EXECUTE FUNCTION {name}();"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table};\nDROP FUNCTION IF EXISTS {name}();")
    return "\n".join(create), "\n".join(drop)


def _sqlite_triggers():
    create, drop = [], []
    for table, columns, condition, message in SAME_VOTE_RULES:
        update_only = condition.startswith(UPDATE_ONLY)
        test = condition.removeprefix(UPDATE_ONLY).format(ne="IS NOT")
        for event in ("UPDATE",) if update_only else ("INSERT", "UPDATE"):
            on = f"UPDATE OF {', '.join(columns)}" if event == "UPDATE" else "INSERT"
            name = f"{table}_same_vote_{event.lower()}"
            create.append(
                f"CREATE TRIGGER {name} BEFORE {on} ON {table}\n"
                f"WHEN {test}\nBEGIN SELECT RAISE(ABORT, '{message}'); END;"
            )
            drop.append(f"DROP TRIGGER IF EXISTS {name};")
    return "\n".join(create), "\n".join(drop)


def _trigger_sql(client):
    return _postgres_triggers() if client.capabilities.dialect == "postgres" else _sqlite_triggers()


async def create_same_vote_triggers(apps, schema_editor):
    client = schema_editor.client
    await client.execute_script(_trigger_sql(client)[0])


async def drop_same_vote_triggers(apps, schema_editor):
    client = schema_editor.client
    await client.execute_script(_trigger_sql(client)[1])


class Migration(migrations.Migration):
    dependencies = [('models', '0004_accounts_audit_special')]

    initial = False

    operations = [
        CreateModelWithChecks(
            name='ConsultationSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.Division', source_field='community_id', db_constraint=True, to_field='id', related_name='consultation_sessions', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('mode', fields.CharEnumField(description='ON_SITE: ON_SITE\nONLINE: ONLINE\nHYBRID: HYBRID', enum_type=SessionMode, max_length=8)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('place', fields.CharField(default='', max_length=200)),
                ('online_link', fields.CharField(default='', max_length=500)),
                ('state', fields.CharEnumField(default=SessionState.SCHEDULED, description='SCHEDULED: SCHEDULED\nIN_PROGRESS: IN_PROGRESS\nCONCLUDED: CONCLUDED\nCANCELLED: CANCELLED', enum_type=SessionState, max_length=12)),
                ('minutes', fields.TextField(default='', unique=False)),
                ('resolution_text', fields.TextField(default='', unique=False)),
                ('created_by', fields.ForeignKeyField('models.Account', source_field='created_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'consultation_session', 'app': 'models', 'constraints': [CheckConstraint(check='ends_at > starts_at', name='consultation_session_times')], 'indexes': [Index(fields=['community_id', 'starts_at'])], 'pk_attr': 'id', 'table_description': '协商会议 of a community: time, place, mode, minutes and resolution text.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='ConsultationSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.OneToOneField('models.Division', source_field='community_id', db_constraint=True, to_field='id', related_name='consultation_settings', on_delete=OnDelete.RESTRICT)),
                ('support_threshold_count', fields.IntField(null=True, default=10)),
                ('support_threshold_share', fields.DecimalField(null=True, max_digits=5, decimal_places=4)),
                ('comment_edit_minutes', fields.IntField(default=15)),
                ('notice_days', fields.IntField(default=7)),
                ('updated_by', fields.ForeignKeyField('models.Account', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'consultation_settings', 'app': 'models', 'constraints': [CheckConstraint(check='(support_threshold_count IS NOT NULL OR support_threshold_share IS NOT NULL) AND (support_threshold_count IS NULL OR support_threshold_count >= 1) AND (support_threshold_share IS NULL OR (CAST(support_threshold_share AS NUMERIC) > 0 AND CAST(support_threshold_share AS NUMERIC) <= 1)) AND comment_edit_minutes >= 0 AND notice_days >= 0', name='consultation_settings_values')], 'pk_attr': 'id', 'table_description': '协商议事 settings of one community: support threshold, comment edit window, notice.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='SessionMaterial',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('models.ConsultationSession', source_field='session_id', db_constraint=True, to_field='id', related_name='materials', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=200)),
                ('url', fields.CharField(null=True, max_length=500)),
                ('body', fields.TextField(null=True, unique=False)),
                ('position', fields.IntField(default=0)),
                ('added_by', fields.ForeignKeyField('models.Account', source_field='added_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'session_material', 'app': 'models', 'constraints': [CheckConstraint(check='(url IS NULL AND body IS NOT NULL) OR (url IS NOT NULL AND body IS NULL)', name='session_material_content')], 'indexes': [Index(fields=['session_id', 'position'])], 'pk_attr': 'id', 'table_description': 'Material of a session: a link or a text body (exactly one).'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='SessionParticipant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('models.ConsultationSession', source_field='session_id', db_constraint=True, to_field='id', related_name='participants', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='PARTY_ORGANISATION: PARTY_ORGANISATION\nRESIDENT_REPRESENTATIVE: RESIDENT_REPRESENTATIVE\nSOCIAL_ORGANISATION: SOCIAL_ORGANISATION\nOWNERS_COMMITTEE: OWNERS_COMMITTEE\nPROPERTY_SERVICE: PROPERTY_SERVICE', enum_type=ParticipantRole, max_length=24)),
                ('name', fields.CharField(max_length=100)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', null=True, db_constraint=True, to_field='id', related_name='session_participations', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'session_participant', 'app': 'models', 'unique_together': (('session', 'resident'),), 'indexes': [Index(fields=['resident_id'])], 'pk_attr': 'id', 'table_description': 'A participant of a session by role, with ``resident`` when the person is on the register.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='Topic',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.Division', source_field='community_id', db_constraint=True, to_field='id', related_name='consultation_topics', on_delete=OnDelete.RESTRICT)),
                ('scope_kind', fields.CharEnumField(description='COMMUNITY: COMMUNITY\nGRID: GRID\nCOMPOUND: COMPOUND\nBUILDING: BUILDING', enum_type=ScopeKind, max_length=12)),
                ('grid', fields.ForeignKeyField('models.Grid', source_field='grid_id', null=True, db_constraint=True, to_field='id', related_name='consultation_topics', on_delete=OnDelete.RESTRICT)),
                ('compound', fields.ForeignKeyField('models.Compound', source_field='compound_id', null=True, db_constraint=True, to_field='id', related_name='consultation_topics', on_delete=OnDelete.RESTRICT)),
                ('building', fields.ForeignKeyField('models.Building', source_field='building_id', null=True, db_constraint=True, to_field='id', related_name='consultation_topics', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=100)),
                ('description', fields.TextField(unique=False)),
                ('category', fields.CharEnumField(description='ENVIRONMENT: ENVIRONMENT\nPUBLIC_FACILITIES: PUBLIC_FACILITIES\nPROPERTY_SERVICE: PROPERTY_SERVICE\nPARKING_TRAFFIC: PARKING_TRAFFIC\nSAFETY: SAFETY\nELDERLY_CHILDREN: ELDERLY_CHILDREN\nCULTURE_SPORTS: CULTURE_SPORTS\nNEIGHBOURHOOD: NEIGHBOURHOOD\nHOUSING_RENEWAL: HOUSING_RENEWAL\nOTHER: OTHER', enum_type=TopicCategory, max_length=20)),
                ('state', fields.CharEnumField(default=TopicState.PROPOSED, description='PROPOSED: PROPOSED\nUNDER_REVIEW: UNDER_REVIEW\nACCEPTED: ACCEPTED\nREJECTED: REJECTED\nIN_CONSULTATION: IN_CONSULTATION\nDECIDED: DECIDED\nIMPLEMENTED: IMPLEMENTED', enum_type=TopicState, max_length=16)),
                ('proposer', fields.ForeignKeyField('models.Resident', source_field='proposer_id', null=True, db_constraint=True, to_field='id', related_name='proposed_topics', on_delete=OnDelete.SET_NULL)),
                ('proposed_by', fields.ForeignKeyField('models.Account', source_field='proposed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('support_threshold', fields.IntField()),
                ('support_count', fields.IntField(default=0)),
                ('threshold_reached_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reviewed_by', fields.ForeignKeyField('models.Account', source_field='reviewed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('reviewed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('rejection_reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'topic', 'app': 'models', 'constraints': [CheckConstraint(check="(scope_kind = 'COMMUNITY' AND grid_id IS NULL AND compound_id IS NULL AND building_id IS NULL) OR (scope_kind = 'GRID' AND grid_id IS NOT NULL AND compound_id IS NULL AND building_id IS NULL) OR (scope_kind = 'COMPOUND' AND grid_id IS NULL AND compound_id IS NOT NULL AND building_id IS NULL) OR (scope_kind = 'BUILDING' AND grid_id IS NULL AND compound_id IS NULL AND building_id IS NOT NULL)", name='topic_scope'), CheckConstraint(check='support_threshold >= 1 AND support_count >= 0', name='topic_support_numbers'), CheckConstraint(check="state <> 'REJECTED' OR rejection_reason <> ''", name='topic_rejection_reason')], 'indexes': [Index(fields=['community_id', 'state', 'id']), Index(fields=['grid_id', 'state']), Index(fields=['compound_id', 'state']), Index(fields=['building_id', 'state']), Index(fields=['proposer_id'])], 'pk_attr': 'id', 'table_description': '议题 proposed by a resident (or by staff for a resident), with its scope and state.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='Comment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', null=True, db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('session', fields.ForeignKeyField('models.ConsultationSession', source_field='session_id', null=True, db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('parent', fields.ForeignKeyField('models.Comment', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='replies', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.Resident', source_field='author_id', db_constraint=True, to_field='id', related_name='consultation_comments', on_delete=OnDelete.RESTRICT)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('edited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('hidden', fields.BooleanField(default=False)),
                ('hidden_by', fields.ForeignKeyField('models.Account', source_field='hidden_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('hidden_reason', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'consultation_comment', 'app': 'models', 'constraints': [CheckConstraint(check='(topic_id IS NOT NULL AND session_id IS NULL) OR (topic_id IS NULL AND session_id IS NOT NULL)', name='consultation_comment_target'), CheckConstraint(check="NOT hidden OR (hidden_by_id IS NOT NULL AND hidden_at IS NOT NULL AND hidden_reason <> '')", name='consultation_comment_hidden')], 'indexes': [Index(fields=['topic_id', 'created_at']), Index(fields=['session_id', 'created_at']), Index(fields=['parent_id']), Index(fields=['author_id'])], 'pk_attr': 'id', 'table_description': 'Comment of a resident on a topic or a session, one level of replies, moderated.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='CommentReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('comment', fields.ForeignKeyField('models.Comment', source_field='comment_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.CASCADE)),
                ('reporter', fields.ForeignKeyField('models.Resident', source_field='reporter_id', db_constraint=True, to_field='id', related_name='comment_reports', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('reviewed_by', fields.ForeignKeyField('models.Account', source_field='reviewed_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('reviewed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'comment_report', 'app': 'models', 'unique_together': (('comment', 'reporter'),), 'indexes': [Index(fields=['reviewed_at', 'created_at'])], 'pk_attr': 'id', 'table_description': 'Report of a comment to the moderators by a resident (one per resident and comment).'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='SessionTopic',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('models.ConsultationSession', source_field='session_id', db_constraint=True, to_field='id', related_name='agenda', on_delete=OnDelete.CASCADE)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='session_links', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'session_topic', 'app': 'models', 'unique_together': (('session', 'topic'),), 'indexes': [Index(fields=['topic_id'])], 'pk_attr': 'id', 'table_description': 'A topic on the agenda of a session.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='TopicSupport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', db_constraint=True, to_field='id', related_name='supports', on_delete=OnDelete.CASCADE)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='topic_supports', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'topic_support', 'app': 'models', 'unique_together': (('topic', 'resident'),), 'indexes': [Index(fields=['resident_id'])], 'pk_attr': 'id', 'table_description': '附议: one per resident and topic.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='Vote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.Division', source_field='community_id', db_constraint=True, to_field='id', related_name='consultation_votes', on_delete=OnDelete.RESTRICT)),
                ('scope_kind', fields.CharEnumField(description='COMMUNITY: COMMUNITY\nGRID: GRID\nCOMPOUND: COMPOUND\nBUILDING: BUILDING', enum_type=ScopeKind, max_length=12)),
                ('grid', fields.ForeignKeyField('models.Grid', source_field='grid_id', null=True, db_constraint=True, to_field='id', related_name='consultation_votes', on_delete=OnDelete.RESTRICT)),
                ('compound', fields.ForeignKeyField('models.Compound', source_field='compound_id', null=True, db_constraint=True, to_field='id', related_name='consultation_votes', on_delete=OnDelete.RESTRICT)),
                ('building', fields.ForeignKeyField('models.Building', source_field='building_id', null=True, db_constraint=True, to_field='id', related_name='consultation_votes', on_delete=OnDelete.RESTRICT)),
                ('session', fields.ForeignKeyField('models.ConsultationSession', source_field='session_id', null=True, db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.RESTRICT)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', null=True, db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.RESTRICT)),
                ('question', fields.CharField(max_length=300)),
                ('description', fields.TextField(default='', unique=False)),
                ('ballot_kind', fields.CharEnumField(description='SINGLE: SINGLE\nMULTIPLE: MULTIPLE\nFOR_AGAINST_ABSTAIN: FOR_AGAINST_ABSTAIN', enum_type=BallotKind, max_length=20)),
                ('max_choices', fields.IntField(default=1)),
                ('seats', fields.IntField(null=True)),
                ('allow_empty', fields.BooleanField(default=True)),
                ('voting_unit', fields.CharEnumField(description='PERSON: PERSON\nHOUSEHOLD: HOUSEHOLD\nOWNER: OWNER', enum_type=VotingUnit, max_length=12)),
                ('decision_rule', fields.CharEnumField(description='SIMPLE_MAJORITY: SIMPLE_MAJORITY\nTWO_THIRDS: TWO_THIRDS\nOWNERS_ORDINARY: OWNERS_ORDINARY\nOWNERS_MAJOR: OWNERS_MAJOR', enum_type=DecisionRule, max_length=16)),
                ('opens_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('state', fields.CharEnumField(default=VoteState.DRAFT, description='DRAFT: DRAFT\nOPEN: OPEN\nCLOSED: CLOSED', enum_type=VoteState, max_length=8)),
                ('secret', fields.BooleanField(default=True)),
                ('results_live', fields.BooleanField(default=False)),
                ('allow_change', fields.BooleanField(default=False)),
                ('snapshot_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('eligible_unit_count', fields.IntField(null=True)),
                ('eligible_headcount', fields.IntField(null=True)),
                ('eligible_area', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('snapshot_excluded', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('tally', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('outcome', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.ForeignKeyField('models.Account', source_field='created_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'vote', 'app': 'models', 'constraints': [CheckConstraint(check="(scope_kind = 'COMMUNITY' AND grid_id IS NULL AND compound_id IS NULL AND building_id IS NULL) OR (scope_kind = 'GRID' AND grid_id IS NOT NULL AND compound_id IS NULL AND building_id IS NULL) OR (scope_kind = 'COMPOUND' AND grid_id IS NULL AND compound_id IS NOT NULL AND building_id IS NULL) OR (scope_kind = 'BUILDING' AND grid_id IS NULL AND compound_id IS NULL AND building_id IS NOT NULL)", name='vote_scope'), CheckConstraint(check="max_choices >= 1 AND (ballot_kind = 'MULTIPLE' OR max_choices = 1) AND (seats IS NULL OR (seats >= 1 AND ballot_kind = 'MULTIPLE'))", name='vote_max_choices'), CheckConstraint(check="decision_rule NOT IN ('OWNERS_ORDINARY', 'OWNERS_MAJOR') OR voting_unit = 'OWNER'", name='vote_owner_rules'), CheckConstraint(check='closes_at > opens_at', name='vote_window'), CheckConstraint(check="state = 'DRAFT' OR (snapshot_at IS NOT NULL AND eligible_unit_count IS NOT NULL AND eligible_headcount IS NOT NULL AND eligible_area IS NOT NULL)", name='vote_snapshot'), CheckConstraint(check="state <> 'CLOSED' OR (closed_at IS NOT NULL AND tally IS NOT NULL AND outcome IS NOT NULL)", name='vote_frozen')], 'indexes': [Index(fields=['community_id', 'state', 'closes_at']), Index(fields=['state', 'opens_at']), Index(fields=['state', 'closes_at']), Index(fields=['grid_id', 'state']), Index(fields=['compound_id', 'state']), Index(fields=['building_id', 'state']), Index(fields=['session_id']), Index(fields=['topic_id'])], 'pk_attr': 'id', 'table_description': '表决: question, options, voting unit, decision rule, window, snapshot and frozen tally.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='EligibleUnit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vote', fields.ForeignKeyField('models.Vote', source_field='vote_id', db_constraint=True, to_field='id', related_name='units', on_delete=OnDelete.RESTRICT)),
                ('unit_key', fields.CharField(max_length=64)),
                ('headcount', fields.IntField(default=1)),
                ('area', fields.DecimalField(default=Decimal('0'), max_digits=12, decimal_places=2)),
                ('label', fields.CharField(default='', max_length=200)),
                ('dwelling_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'eligible_unit', 'app': 'models', 'unique_together': (('vote', 'unit_key'),), 'constraints': [CheckConstraint(check='headcount >= 1 AND CAST(area AS NUMERIC) >= 0', name='eligible_unit_weights')], 'pk_attr': 'id', 'table_description': 'A voting unit of the eligibility snapshot with its headcount and area (m²).'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='Ballot',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vote', fields.ForeignKeyField('models.Vote', source_field='vote_id', db_constraint=True, to_field='id', related_name='ballots', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.EligibleUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name='ballots', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharEnumField(description='ONLINE: ONLINE\nPAPER: PAPER\nON_SITE: ON_SITE', enum_type=BallotChannel, max_length=8)),
                ('receipt_code', fields.CharField(default=new_receipt_code, unique=True, max_length=24)),
                ('cast_by', fields.ForeignKeyField('models.Resident', source_field='cast_by_id', null=True, db_constraint=True, to_field='id', related_name='ballots_cast', on_delete=OnDelete.RESTRICT)),
                ('sheet_reference', fields.CharField(null=True, max_length=64)),
                ('entered_by', fields.ForeignKeyField('models.Account', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('cast_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revision', fields.IntField(default=1)),
            ],
            options={'table': 'ballot', 'app': 'models', 'unique_together': (('vote', 'unit'), ('vote', 'sheet_reference')), 'constraints': [CheckConstraint(check="(channel = 'ONLINE' AND cast_by_id IS NOT NULL AND sheet_reference IS NULL AND entered_by_id IS NULL) OR (channel IN ('PAPER', 'ON_SITE') AND sheet_reference IS NOT NULL AND sheet_reference <> '' AND entered_by_id IS NOT NULL)", name='ballot_entry'), CheckConstraint(check='revision >= 1', name='ballot_revision')], 'indexes': [Index(fields=['vote_id', 'cast_at']), Index(fields=['unit_id']), Index(fields=['cast_by_id'])], 'pk_attr': 'id', 'table_description': '选票: the one counted ballot of a voting unit, whatever the channel.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='BallotConflict',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vote', fields.ForeignKeyField('models.Vote', source_field='vote_id', db_constraint=True, to_field='id', related_name='ballot_conflicts', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.EligibleUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name='ballot_conflicts', on_delete=OnDelete.RESTRICT)),
                ('ballot', fields.ForeignKeyField('models.Ballot', source_field='ballot_id', db_constraint=True, to_field='id', related_name='conflicts', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharEnumField(description='ONLINE: ONLINE\nPAPER: PAPER\nON_SITE: ON_SITE', enum_type=BallotChannel, max_length=8)),
                ('receipt_code', fields.CharField(default=new_receipt_code, unique=True, max_length=24)),
                ('cast_by', fields.ForeignKeyField('models.Resident', source_field='cast_by_id', null=True, db_constraint=True, to_field='id', related_name='ballot_conflicts', on_delete=OnDelete.RESTRICT)),
                ('sheet_reference', fields.CharField(null=True, max_length=64)),
                ('entered_by', fields.ForeignKeyField('models.Account', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=ConflictStatus.OPEN, description='OPEN: OPEN\nKEPT_EXISTING: KEPT_EXISTING\nREPLACED: REPLACED', enum_type=ConflictStatus, max_length=16)),
                ('resolved_by', fields.ForeignKeyField('models.Account', source_field='resolved_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'ballot_conflict', 'app': 'models', 'constraints': [CheckConstraint(check="(channel = 'ONLINE' AND cast_by_id IS NOT NULL AND sheet_reference IS NULL AND entered_by_id IS NULL) OR (channel IN ('PAPER', 'ON_SITE') AND sheet_reference IS NOT NULL AND sheet_reference <> '' AND entered_by_id IS NOT NULL)", name='ballot_conflict_entry'), CheckConstraint(check="(status = 'OPEN' AND resolved_by_id IS NULL AND resolved_at IS NULL) OR (status <> 'OPEN' AND resolved_by_id IS NOT NULL AND resolved_at IS NOT NULL)", name='ballot_conflict_resolution')], 'indexes': [Index(fields=['vote_id', 'status']), Index(fields=['unit_id']), Index(fields=['ballot_id'])], 'pk_attr': 'id', 'table_description': 'A ballot entered for a unit that already has a counted one, kept until staff resolve it.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='EligibleVoter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vote', fields.ForeignKeyField('models.Vote', source_field='vote_id', db_constraint=True, to_field='id', related_name='eligible_voters', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.EligibleUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name='voters', on_delete=OnDelete.CASCADE)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='eligible_voters', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'eligible_voter', 'app': 'models', 'unique_together': (('vote', 'resident', 'unit'),), 'indexes': [Index(fields=['unit_id']), Index(fields=['resident_id'])], 'pk_attr': 'id', 'table_description': 'A resident who may cast the ballot of a unit (an owner may stand in several units).'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='Resolution',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vote', fields.OneToOneField('models.Vote', source_field='vote_id', null=True, db_constraint=True, to_field='id', related_name='resolution', on_delete=OnDelete.RESTRICT)),
                ('session', fields.ForeignKeyField('models.ConsultationSession', source_field='session_id', null=True, db_constraint=True, to_field='id', related_name='resolutions', on_delete=OnDelete.RESTRICT)),
                ('topic', fields.ForeignKeyField('models.Topic', source_field='topic_id', null=True, db_constraint=True, to_field='id', related_name='resolutions', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('text', fields.TextField(unique=False)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('published_by', fields.ForeignKeyField('models.Account', source_field='published_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('notice_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('implemented_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.Account', source_field='created_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'resolution', 'app': 'models', 'constraints': [CheckConstraint(check='vote_id IS NOT NULL OR session_id IS NOT NULL OR topic_id IS NOT NULL', name='resolution_subject'), CheckConstraint(check='published_at IS NULL OR (published_by_id IS NOT NULL AND notice_until IS NOT NULL AND notice_until >= published_at)', name='resolution_notice')], 'indexes': [Index(fields=['session_id']), Index(fields=['topic_id']), Index(fields=['published_at'])], 'pk_attr': 'id', 'table_description': '决议 of a vote, a session or a topic, published as a public notice (公示).'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='Evaluation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resolution', fields.ForeignKeyField('models.Resolution', source_field='resolution_id', db_constraint=True, to_field='id', related_name='evaluations', on_delete=OnDelete.RESTRICT)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='resolution_evaluations', on_delete=OnDelete.RESTRICT)),
                ('rating', fields.CharEnumField(description='SATISFIED: SATISFIED\nBASICALLY_SATISFIED: BASICALLY_SATISFIED\nNOT_SATISFIED: NOT_SATISFIED', enum_type=EvaluationRating, max_length=20)),
                ('comment', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'resolution_evaluation', 'app': 'models', 'unique_together': (('resolution', 'resident'),), 'indexes': [Index(fields=['resident_id'])], 'pk_attr': 'id', 'table_description': 'Evaluation by a resident of how a resolution was carried out (one per resident).'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='ImplementationUpdate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resolution', fields.ForeignKeyField('models.Resolution', source_field='resolution_id', db_constraint=True, to_field='id', related_name='updates', on_delete=OnDelete.RESTRICT)),
                ('text', fields.TextField(unique=False)),
                ('posted_by', fields.ForeignKeyField('models.Account', source_field='posted_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('posted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'implementation_update', 'app': 'models', 'indexes': [Index(fields=['resolution_id', 'posted_at'])], 'pk_attr': 'id', 'table_description': '落实 progress posted by staff on a resolution.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='VoteOption',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vote', fields.ForeignKeyField('models.Vote', source_field='vote_id', db_constraint=True, to_field='id', related_name='options', on_delete=OnDelete.CASCADE)),
                ('label', fields.CharField(max_length=100)),
                ('position', fields.IntField()),
                ('stance', fields.CharEnumField(null=True, description='FOR: FOR\nAGAINST: AGAINST\nABSTAIN: ABSTAIN', enum_type=OptionStance, max_length=8)),
            ],
            options={'table': 'vote_option', 'app': 'models', 'unique_together': (('vote', 'position'), ('vote', 'label'), ('vote', 'stance')), 'constraints': [CheckConstraint(check='position >= 0', name='vote_option_position')], 'pk_attr': 'id', 'table_description': 'An option of a vote. ``stance`` marks FOR / AGAINST / ABSTAIN where the kind has them.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='BallotChoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ballot', fields.ForeignKeyField('models.Ballot', source_field='ballot_id', db_constraint=True, to_field='id', related_name='choices', on_delete=OnDelete.CASCADE)),
                ('option', fields.ForeignKeyField('models.VoteOption', source_field='option_id', db_constraint=True, to_field='id', related_name='ballot_choices', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'ballot_choice', 'app': 'models', 'unique_together': (('ballot', 'option'),), 'indexes': [Index(fields=['option_id'])], 'pk_attr': 'id', 'table_description': 'An option chosen on a counted ballot.'},
            bases=['Model'],
        ),
        CreateModelWithChecks(
            name='BallotConflictChoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('conflict', fields.ForeignKeyField('models.BallotConflict', source_field='conflict_id', db_constraint=True, to_field='id', related_name='choices', on_delete=OnDelete.CASCADE)),
                ('option', fields.ForeignKeyField('models.VoteOption', source_field='option_id', db_constraint=True, to_field='id', related_name='conflict_choices', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'ballot_conflict_choice', 'app': 'models', 'unique_together': (('conflict', 'option'),), 'indexes': [Index(fields=['option_id'])], 'pk_attr': 'id', 'table_description': 'An option chosen on a conflicting ballot.'},
            bases=['Model'],
        ),
        ops.RunPython(create_same_vote_triggers, drop_same_vote_triggers),
    ]
