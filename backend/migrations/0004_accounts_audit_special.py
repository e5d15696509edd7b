from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.audit.models import AuditOutcome
from backend.auth.roles import Role
from backend.special.models import RiskLevel, SpecialPopulationCategory
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

from backend.audit import guard


async def make_audit_append_only(apps, schema_editor):
    client = schema_editor.client
    await client.execute_script(guard.create_sql(client.capabilities.dialect))


async def allow_audit_changes(apps, schema_editor):
    client = schema_editor.client
    await client.execute_script(guard.drop_sql(client.capabilities.dialect))


class Migration(migrations.Migration):
    dependencies = [('models', '0003_resident_search_covering_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(null=True, unique=True, max_length=64)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('display_name', fields.CharField(max_length=50)),
                ('role', fields.CharEnumField(description='PLATFORM_ADMIN: PLATFORM_ADMIN\nDIVISION_STAFF: DIVISION_STAFF\nGRID_WORKER: GRID_WORKER\nRESIDENT: RESIDENT\nPARTNER: PARTNER\nDEPARTMENT_HANDLER: DEPARTMENT_HANDLER\nPARTY_SECRETARY: PARTY_SECRETARY\nVOLUNTEER_ORGANISER: VOLUNTEER_ORGANISER', enum_type=Role, max_length=24)),
                ('division_codes', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('grid_worker', fields.ForeignKeyField('models.GridWorker', source_field='grid_worker_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.SET_NULL)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.SET_NULL)),
                ('phone_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('special_population_designee', fields.BooleanField(default=False)),
                ('is_active', fields.BooleanField(default=True)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account', 'app': 'models', 'pk_attr': 'id', 'table_description': '账号: staff log in by username and password, residents by phone and a one-time code.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('prefix', fields.CharField(unique=True, max_length=16)),
                ('key_hash', fields.CharField(max_length=64)),
                ('scopes', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('division_codes', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_key', 'app': 'models', 'pk_attr': 'id', 'table_description': '合作方接口密钥: shown once, stored hashed, found by its visible prefix.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('account_id', fields.IntField(null=True, db_index=True)),
                ('api_key_id', fields.IntField(null=True)),
                ('role', fields.CharField(default='', max_length=24)),
                ('operation', fields.CharField(db_index=True, max_length=64)),
                ('object_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('client_address', fields.CharField(default='', max_length=64)),
                ('outcome', fields.CharEnumField(description='OK: OK\nREJECTED: REJECTED\nDENIED: DENIED\nFAILED: FAILED', enum_type=AuditOutcome, max_length=12)),
                ('detail', fields.CharField(default='', max_length=300)),
            ],
            options={'table': 'audit_entry', 'app': 'models', 'pk_attr': 'id', 'table_description': '审计日志 entry. Holds ids and codes, never personal data.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DevSmsMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('phone_hash', fields.CharField(db_index=True, max_length=64)),
                ('text', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'dev_sms_message', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Development outbox of the log SMS sender, read by the otp-peek command.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OtpChallenge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('phone_hash', fields.CharField(max_length=64)),
                ('code_hash', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('consumed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'otp_challenge', 'app': 'models', 'indexes': [Index(fields=['phone_hash', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One-time login code for a phone: hashed code, expiry, tries left.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'auth_session', 'app': 'models', 'indexes': [Index(fields=['account_id', 'revoked_at'])], 'pk_attr': 'id', 'table_description': 'A login session: the browser cookie or bearer token is stored only as its SHA-256.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SpecialPopulationRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='special_records', on_delete=OnDelete.CASCADE)),
                ('category', fields.CharEnumField(description='COMMUNITY_CORRECTION: COMMUNITY_CORRECTION\nRELEASED_PRISONER: RELEASED_PRISONER\nSEVERE_MENTAL_DISORDER: SEVERE_MENTAL_DISORDER\nDRUG_REHABILITATION: DRUG_REHABILITATION\nOTHER: OTHER', enum_type=SpecialPopulationCategory, max_length=32)),
                ('risk_level', fields.CharEnumField(default=RiskLevel.LOW, description='LOW: LOW\nMEDIUM: MEDIUM\nHIGH: HIGH', enum_type=RiskLevel, max_length=8)),
                ('notes_cipher', fields.BinaryField(null=True)),
                ('started_on', fields.DateField()),
                ('ended_on', fields.DateField(null=True)),
                ('created_by_account_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'special_population_record', 'app': 'models', 'unique_together': (('resident', 'category', 'started_on'),), 'pk_attr': 'id', 'table_description': '特殊人群 record of a resident. Notes are encrypted at rest like ID numbers.'},
            bases=['Model'],
        ),
        ops.RunPython(make_audit_append_only, allow_audit_changes),
    ]
