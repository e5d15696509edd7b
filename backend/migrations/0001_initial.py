from tortoise import migrations
from tortoise.migrations import operations as ops
from backend.divisions.models import DivisionLevel
from backend.grids.models import GridKind
from backend.residents.models import CareTagKind, Gender, RelationToHead, Residency, VisitTier
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Division',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=12)),
                ('name', fields.CharField(max_length=100)),
                ('level', fields.CharEnumField(description='DISTRICT: DISTRICT\nSUBDISTRICT: SUBDISTRICT\nCOMMUNITY: COMMUNITY', enum_type=DivisionLevel, max_length=12)),
                ('parent', fields.ForeignKeyField('models.Division', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'division', 'app': 'models', 'pk_attr': 'id', 'table_description': '行政区划: district → subdistrict → community, keyed by the 12-digit statistical code.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Compound',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('address', fields.CharField(default='', max_length=200)),
                ('community', fields.ForeignKeyField('models.Division', source_field='community_id', db_constraint=True, to_field='id', related_name='compounds', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'compound', 'app': 'models', 'unique_together': (('community', 'name'),), 'pk_attr': 'id', 'table_description': '小区.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Grid',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=100)),
                ('kind', fields.CharEnumField(default=GridKind.COMPREHENSIVE, description='COMPREHENSIVE: COMPREHENSIVE\nDEDICATED: DEDICATED', enum_type=GridKind, max_length=16)),
                ('community', fields.ForeignKeyField('models.Division', source_field='community_id', db_constraint=True, to_field='id', related_name='grids', on_delete=OnDelete.RESTRICT)),
                ('target_households_min', fields.IntField(default=300)),
                ('target_households_max', fields.IntField(default=500)),
                ('boundary', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'grid', 'app': 'models', 'pk_attr': 'id', 'table_description': '网格: the unit a grid worker keeps the register for.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Building',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('compound', fields.ForeignKeyField('models.Compound', source_field='compound_id', db_constraint=True, to_field='id', related_name='buildings', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=50)),
                ('grid', fields.ForeignKeyField('models.Grid', source_field='grid_id', db_constraint=True, to_field='id', related_name='buildings', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'building', 'app': 'models', 'unique_together': (('compound', 'name'),), 'pk_attr': 'id', 'table_description': '楼栋, lying in one grid.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Dwelling',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('building', fields.ForeignKeyField('models.Building', source_field='building_id', db_constraint=True, to_field='id', related_name='dwellings', on_delete=OnDelete.RESTRICT)),
                ('unit_number', fields.CharField(max_length=20)),
                ('floor_area', fields.DecimalField(max_digits=10, decimal_places=2)),
            ],
            options={'table': 'dwelling', 'app': 'models', 'unique_together': (('building', 'unit_number'),), 'pk_attr': 'id', 'table_description': '房屋: one unit with its floor area (m²), the weight of an owner vote.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='GridWorker',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=50)),
                ('employee_no', fields.CharField(unique=True, max_length=32)),
            ],
            options={'table': 'grid_worker', 'app': 'models', 'pk_attr': 'id', 'table_description': '网格员: staff member who works one or more grids.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='GridAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('grid', fields.ForeignKeyField('models.Grid', source_field='grid_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.CASCADE)),
                ('worker', fields.ForeignKeyField('models.GridWorker', source_field='worker_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.CASCADE)),
                ('is_leader', fields.BooleanField(default=False)),
            ],
            options={'table': 'grid_assignment', 'app': 'models', 'unique_together': (('grid', 'worker'),), 'pk_attr': 'id', 'table_description': 'A worker assigned to a grid, ``is_leader`` marking the 网格长.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Household',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('dwelling', fields.ForeignKeyField('models.Dwelling', source_field='dwelling_id', null=True, db_constraint=True, to_field='id', related_name='households', on_delete=OnDelete.RESTRICT)),
                ('grid', fields.ForeignKeyField('models.Grid', source_field='grid_id', db_constraint=True, to_field='id', related_name='households', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'household', 'app': 'models', 'pk_attr': 'id', 'table_description': '户: a household lives in a dwelling (or none, for collective or floating residence).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Resident',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=50)),
                ('gender', fields.CharEnumField(description='MALE: MALE\nFEMALE: FEMALE', enum_type=Gender, max_length=8)),
                ('birth_date', fields.DateField()),
                ('id_number_cipher', fields.BinaryField()),
                ('id_number_hash', fields.CharField(unique=True, max_length=64)),
                ('id_number_masked', fields.CharField(max_length=18)),
                ('phone_cipher', fields.BinaryField(null=True)),
                ('phone_hash', fields.CharField(null=True, db_index=True, max_length=64)),
                ('phone_masked', fields.CharField(default='', max_length=11)),
                ('residency', fields.CharEnumField(description='REGISTERED: REGISTERED\nPERMANENT: PERMANENT\nFLOATING: FLOATING', enum_type=Residency, max_length=12)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', null=True, db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.SET_NULL)),
                ('relation_to_head', fields.CharEnumField(null=True, description='HEAD: HEAD\nSPOUSE: SPOUSE\nCHILD: CHILD\nPARENT: PARENT\nGRANDPARENT: GRANDPARENT\nGRANDCHILD: GRANDCHILD\nSIBLING: SIBLING\nOTHER_RELATIVE: OTHER_RELATIVE\nTENANT: TENANT\nOTHER: OTHER', enum_type=RelationToHead, max_length=16)),
                ('grid', fields.ForeignKeyField('models.Grid', source_field='grid_id', db_constraint=True, to_field='id', related_name='residents', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'resident', 'app': 'models', 'indexes': [Index(fields=['grid_id', 'name', 'id']), Index(fields=['name', 'id']), Index(fields=['household_id'])], 'pk_attr': 'id', 'table_description': '居民. ID number and phone are stored encrypted, with a keyed lookup hash and a mask.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CareTag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='care_tags', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='ELDERLY_ALONE: ELDERLY_ALONE\nDISABLED: DISABLED\nSUBSISTENCE: SUBSISTENCE\nENTITLED: ENTITLED\nLEFT_BEHIND_CHILD: LEFT_BEHIND_CHILD\nSERIOUS_ILLNESS: SERIOUS_ILLNESS\nEMPTY_NEST_ELDERLY: EMPTY_NEST_ELDERLY', enum_type=CareTagKind, max_length=24)),
                ('tier', fields.CharEnumField(description='HIGH: HIGH\nKEY: KEY\nGENERAL: GENERAL', enum_type=VisitTier, max_length=8)),
            ],
            options={'table': 'care_tag', 'app': 'models', 'unique_together': (('resident', 'kind'),), 'indexes': [Index(fields=['kind', 'resident_id'])], 'pk_attr': 'id', 'table_description': '关爱对象标签 with the visit tier that drives the visit schedule of grid workers.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DwellingOwner',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('dwelling', fields.ForeignKeyField('models.Dwelling', source_field='dwelling_id', db_constraint=True, to_field='id', related_name='ownerships', on_delete=OnDelete.CASCADE)),
                ('owner', fields.ForeignKeyField('models.Resident', source_field='owner_id', db_constraint=True, to_field='id', related_name='ownerships', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'dwelling_owner', 'app': 'models', 'unique_together': (('dwelling', 'owner'),), 'pk_attr': 'id', 'table_description': 'Ownership link (a dwelling may have several owners, an owner several dwellings).'},
            bases=['Model'],
        ),
    ]
