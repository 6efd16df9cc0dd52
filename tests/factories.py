import datetime as dt

import factory

from thidua.core.models import User
from thidua.core.roles import Role
from thidua.orgs.models import Person, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    code = factory.Sequence(lambda n: f"don-vi-{n}")
    kind = Unit.Kind.AGENCY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử{n}")
    gender = Person.Gender.MALE
    birth_date = dt.date(1985, 5, 20)
    unit = factory.SubFactory(UnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.UNIT_OFFICER
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
