from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('console', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Publication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_by', models.CharField(max_length=150)),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('status', models.CharField(choices=[('training', 'training'), ('checking', 'checking'), ('refused', 'not published: something got worse'), ('published', 'published'), ('failed', 'failed')], default='training', max_length=10)),
                ('full_training', models.BooleanField(default=False)),
                ('train_seconds', models.FloatField(null=True)),
                ('check_seconds', models.FloatField(null=True)),
                ('changes', models.JSONField(default=list)),
                ('error', models.TextField(blank=True)),
                ('model_name', models.CharField(blank=True, max_length=100)),
                ('fingerprint', models.CharField(blank=True, db_index=True, max_length=64)),
                ('published_at', models.DateTimeField(null=True)),
                ('live_at', models.DateTimeField(null=True)),
                ('override_by', models.CharField(blank=True, max_length=150)),
                ('override_reason', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['-started_at', '-id'],
            },
        ),
        migrations.AlterField(
            model_name='changerecord',
            name='kind',
            field=models.CharField(choices=[('answer', 'answer'), ('example', 'example question'), ('topic', 'new topic'), ('review', 'missed question'), ('clinic', 'clinic settings'), ('staff', 'staff account'), ('publish', 'publish'), ('rollback', 'roll back')], max_length=10),
        ),
    ]
